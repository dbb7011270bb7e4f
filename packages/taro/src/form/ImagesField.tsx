import { LIMITS, type FieldOfKind } from '@fankui/core';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Tap } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { errorCode } from '../util';
import { errorId } from './FieldFrame';

export interface ImagesFieldProps {
  id: string;
  field: FieldOfKind<'images'>;
  /** Local attachment ids, in order. */
  value: unknown;
  onChange: (ids: string[]) => void;
  /** Attachment id → where to show it (the client's `uri` of its kept copy, else the picked path), kept in the draft. */
  previews: Record<string, string>;
  onPreviews: (previews: Record<string, string>) => void;
  error?: string;
}

/**
 * Screenshots: pick with `Taro.chooseImage`, hand each to `client.attachments.add` (it
 * copies the file to persistent storage at once, so the submission may wait for a network),
 * show its kept copy (`uri`: still there after a restart, unlike WeChat's temp file), tap
 * to preview, × to remove. Without file storage (`attachments.supported` false) it says
 * images cannot be attached instead of offering the picker.
 */
export function ImagesField({ id, field, value, onChange, previews, onPreviews, error }: ImagesFieldProps) {
  const { client, t } = useFeedback();
  const [problem, setProblem] = useState('');
  const [unsupported, setUnsupported] = useState(!client.attachments.supported);
  const ids = Array.isArray(value) ? (value as string[]) : [];
  const paths = ids.map((attachment) => previews[attachment] || '');

  const add = async () => {
    const room = field.maxCount - ids.length;
    let chosen: { path: string; originalFileObj?: Blob }[];
    try {
      chosen = (await Taro.chooseImage({ count: room, sizeType: ['compressed'] })).tempFiles;
    } catch {
      return; // cancelled
    }
    const added: string[] = [];
    const shown = Object.assign({}, previews);
    for (const { path, originalFileObj } of chosen.slice(0, room)) {
      try {
        // On H5 the picked File itself (a web client keeps it in IndexedDB); elsewhere the temp path.
        const { id: attachment, uri } = await client.attachments.add(originalFileObj || path);
        added.push(attachment);
        shown[attachment] = uri || path;
      } catch (failure) {
        const code = errorCode(failure);
        // No file storage after all: stop offering the button.
        if (code === 'unsupported') {
          setUnsupported(true);
          break;
        }
        setProblem(code === 'attachment_refused' ? t('ui.images.tooLarge', { max: LIMITS.attachmentMaxBytes >> 20 }) : t('ui.failed'));
      }
    }
    onPreviews(shown);
    onChange(ids.concat(added));
  };

  const remove = (index: number) => {
    const removed = ids[index]!;
    client.attachments.remove(removed).catch(() => undefined); // the file is only a leftover now
    onChange(ids.filter((_, at) => at !== index));
  };

  return (
    <View id={id} className="fankui-images" role="group" aria-labelledby={`${id}-label`} aria-describedby={errorId(id, error)}>
      {ids.map((attachment, index) => (
        <View key={attachment} className="fankui-image">
          <Tap className="fankui-image__picture" label={t('ui.images.view', { index: index + 1 })} onTap={() => void Taro.previewImage({ urls: paths.filter(Boolean), current: paths[index] })}>
            <Image className="fankui-image__picture" src={paths[index]!} mode="aspectFill" />
          </Tap>
          <Tap className="fankui-image__remove" label={t('ui.images.remove', { index: index + 1 })} onTap={() => remove(index)}>
            ×
          </Tap>
        </View>
      ))}
      {unsupported ? (
        <Text className="fankui-field__help" aria-live="polite">{t('ui.images.unsupported')}</Text>
      ) : (
        ids.length < field.maxCount && (
          <Tap className="fankui-image fankui-image--add" label={t('ui.images.add')} onTap={() => void add()}>
            +
          </Tap>
        )
      )}
      {problem && <Text className="fankui-field__error" aria-live="polite">{problem}</Text>}
    </View>
  );
}
