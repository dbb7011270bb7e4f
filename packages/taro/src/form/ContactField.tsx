import { LIMITS, type FieldOfKind } from '@fankui/core';
import { Checkbox, CheckboxGroup, Input, Label, Text, View } from '@tarojs/components';
import { boxAria } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { keyboard, localized } from '../util';
import { errorId } from './FieldFrame';

export interface ContactFieldProps {
  id: string;
  field: FieldOfKind<'contact'>;
  contact: Record<string, string>;
  consent: boolean;
  onContact: (contact: Record<string, string>) => void;
  onConsent: (consent: boolean) => void;
  error?: string;
}

/** One input per channel the form offers, and the explicit consent checkbox (unticked until the user ticks it). */
export function ContactField({ id, field, contact, consent, onContact, onConsent, error }: ContactFieldProps) {
  const { locale, t } = useFeedback();
  return (
    <View id={id} className="fankui-contact" role="group" aria-labelledby={`${id}-label`} aria-describedby={errorId(id, error)}>
      {field.channels.map((channel) => {
        const label = t(`ui.contact.${channel}`);
        return (
          <View key={channel} className="fankui-contact__row">
            <Text className="fankui-contact__label">{label}</Text>
            <Input
              id={`${id}-${channel}`}
              aria-label={label}
              nativeProps={boxAria(label, errorId(id, error))}
              className="fankui-input fankui-contact__input"
              type={keyboard(channel)}
              value={contact[channel] || ''}
              maxlength={LIMITS.shortTextMaxLength}
              onInput={(event) => onContact(Object.assign({}, contact, { [channel]: event.detail.value }))}
            />
          </View>
        );
      })}
      <CheckboxGroup className="fankui-consent" onChange={(event) => onConsent(event.detail.value.length > 0)}>
        <Label className="fankui-option" for={`${id}-consent`}>
          <Checkbox id={`${id}-consent`} className="fankui-option__mark" value="consent" checked={consent} />
          <Text className="fankui-option__label">{localized(field.consentLabel, locale)}</Text>
        </Label>
      </CheckboxGroup>
    </View>
  );
}
