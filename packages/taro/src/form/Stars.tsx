import { View } from '@tarojs/components';
import { Tap } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { cx } from '../util';

export interface StarsProps {
  id: string;
  value: number;
  max?: number;
  onChange: (score: number) => void;
  labelledBy?: string;
}

/** 1…max stars, each a 44 px target with its own name ("3 星"); the chosen ones are filled. */
export function Stars({ id, value, max = 5, onChange, labelledBy }: StarsProps) {
  const { t } = useFeedback();
  return (
    <View id={id} className="fankui-stars" role="radiogroup" aria-labelledby={labelledBy}>
      {Array.from({ length: max }, (_, index) => index + 1).map((score) => (
        <Tap key={score} className={cx('fankui-star', score <= value && 'fankui-star--on')} role="radio" checked={score === value} label={t('ui.rating.star', { count: score })} onTap={() => onChange(score)}>
          ★
        </Tap>
      ))}
    </View>
  );
}
