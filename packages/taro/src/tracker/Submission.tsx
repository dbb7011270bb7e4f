import { answerLines, type TicketView } from '@fankui/client';
import type { FormDefinition } from '@fankui/core';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Tap } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';

/**
 * "提交的内容": what the reporter sent, labelled by the form (sub-types, amount, time, the
 * description), and the screenshots as thumbnails from `client.attachments.view` (tap to
 * preview). A thumbnail that cannot be loaded says so instead of leaving a hole.
 */
export function Submission({ ticket, form }: { ticket: TicketView; form: FormDefinition }) {
  const { client, locale, t } = useFeedback();
  // Per screenshot: its src, '' while loading, null when it could not be loaded.
  const [shots, setShots] = useState<(string | null)[]>([]);
  const ids = ticket.attachments.join();
  useEffect(() => {
    let live = true;
    const attachments = ids ? ids.split(',') : [];
    setShots(attachments.map(() => ''));
    attachments.forEach((id, index) =>
      client.attachments.view(id).then(
        (src) => src,
        () => null,
      ).then((src) => live && setShots((current) => current.map((shown, at) => (at === index ? src : shown)))),
    );
    return () => {
      live = false;
    };
  }, [client, ids]);
  const shown = shots.filter(Boolean) as string[];
  return (
    <View className="fankui-submission">
      <Text className="fankui-section">{t('ui.tracker.answers')}</Text>
      {answerLines(form, ticket.answers, locale, t).map(([label, value]) => (
        <View key={label} className="fankui-answer">
          <Text className="fankui-answer__label">{label}</Text>
          <Text className="fankui-answer__value" userSelect>
            {value}
          </Text>
        </View>
      ))}
      {shots.length > 0 && (
        <View className="fankui-images">
          {shots.map((src, index) => {
            const name = t('ui.tracker.screenshot', { index: index + 1 });
            return src ? (
              <Tap key={index} className="fankui-image" label={name} onTap={() => void Taro.previewImage({ urls: shown, current: src })}>
                <Image className="fankui-image__picture" src={src} mode="aspectFill" />
              </Tap>
            ) : (
              <View key={index} className="fankui-image fankui-image--failed" aria-label={src === null ? `${name}: ${t('ui.tracker.screenshotFailed')}` : name}>
                {src === null && t('ui.tracker.screenshotFailed')}
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}
