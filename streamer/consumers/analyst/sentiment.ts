/**
 * Lexicon sentiment of a headline and summary: a score in [-1, 1] and a label. Pure.
 *
 * Sum of word weights (lexicon.ts), a negator flipping the next sentiment word within three words,
 * the headline counted twice (it carries the news), then squashed as VADER does:
 * score = s / sqrt(s^2 + 15), rounded to 4 decimals. Labels: >= 0.05 positive, <= -0.05 negative.
 */
import { NEGATIVE, NEGATORS, POSITIVE } from './lexicon';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  score: number;
  label: SentimentLabel;
}

const ALPHA = 15;
const THRESHOLD = 0.05;

function weightOf(word: string): number {
  return POSITIVE.get(word) ?? -(NEGATIVE.get(word) ?? 0);
}

/** Raw (unsquashed) polarity of `text`. */
export function rawPolarity(text: string): number {
  const words = text.toLowerCase().match(/[a-z][a-z']*/g) ?? [];
  let sum = 0;
  let negateFor = 0;
  for (const word of words) {
    if (NEGATORS.has(word)) {
      negateFor = 3;
      continue;
    }
    const weight = weightOf(word);
    if (weight !== 0) {
      sum += negateFor > 0 ? -weight : weight;
      negateFor = 0;
    } else if (negateFor > 0) negateFor -= 1;
  }
  return sum;
}

/** Sentiment of an article from its headline (weighted twice) and summary (null: none). */
export function scoreSentiment(headline: string, summary: string | null): Sentiment {
  const raw = 2 * rawPolarity(headline) + (summary ? rawPolarity(summary) : 0);
  const score = Math.round((raw / Math.sqrt(raw * raw + ALPHA)) * 10_000) / 10_000;
  const label: SentimentLabel = score >= THRESHOLD ? 'positive' : score <= -THRESHOLD ? 'negative' : 'neutral';
  return { score: Object.is(score, -0) ? 0 : score, label };
}
