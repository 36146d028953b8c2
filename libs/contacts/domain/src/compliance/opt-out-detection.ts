/**
 * Recognises a request to stop contact written in the debtor's own words (an SMS reply, a
 * WhatsApp message, an e-mail). The law does not ask for a keyword: LGPD art. 18 §2 lets the
 * data subject oppose processing, and in the US consent may be revoked "in any reasonable
 * manner", so "STOP" alone is not enough.
 *
 * Matching is on whole words after folding case and accents, so "separe", "pareceu",
 * "parede", "disparar", "saira" (sairá) or "cancelamento" never fire: a phrase fires only as
 * its own run of words. The list leans towards stopping: a false opt-out costs a channel that
 * a human can restore, a missed one is a violation. Negations are not parsed ("não quero sair"
 * fires), for the same reason. "para" alone is the preposition "for" and fires only as the
 * whole message ("PARA!"), or as "para de" ("para de me ligar").
 */

export interface OptOutMatch {
  /** The phrase of the list that matched, folded (lower case, no accents). */
  readonly phrase: string;
  /** The words of the message that matched it, exactly as written. */
  readonly excerpt: string;
}

/** Phrases, folded; each fires wherever its words appear in a row. */
export const OPT_OUT_PHRASES: readonly string[] = [
  // Portuguese
  'pare', 'parem', 'parar', 'para de', 'chega de',
  'sair', 'quero sair', 'me tire', 'me tira', 'tirar meu', 'remover meu', 'remova meu', 'me remova', 'me remove',
  'descadastrar', 'descadastre', 'descadastra', 'descadastro', 'descadastramento',
  'cancelar', 'cancele', 'cancela',
  'nao quero mais receber', 'nao quero receber', 'nao quero mais', 'nao desejo receber', 'nao desejo mais',
  'nao me ligue', 'nao me liguem', 'nao ligue mais', 'nao liguem mais', 'nao me mande', 'nao mande mais', 'nao mandem mais',
  'nao me envie', 'nao envie mais', 'nao entre mais em contato', 'nao me contate', 'nao me procure', 'nao me procurem',
  'bloquear', 'bloqueie',
  // English (CTIA keywords and plain words)
  'stop', 'stopall', 'unsubscribe', 'cancel', 'quit', 'opt out', 'optout', 'remove me', 'do not call', 'dont call', 'do not contact', 'leave me alone',
];

/** Words that fire only when they are the whole message. */
const WHOLE_MESSAGE_ONLY: readonly string[] = ['para', 'end', 'fim', 'chega', 'basta', 'sai'];

interface Word {
  readonly folded: string;
  readonly start: number;
  readonly end: number;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    // "don't" folds to "dont", so a straight or curly apostrophe does not split a word
    words.push({ folded: fold(match[0]).replace(/['’]/g, ''), start: match.index, end: match.index + match[0].length });
  }
  return words;
}

const PHRASE_WORDS = OPT_OUT_PHRASES.map((phrase) => ({ phrase, words: phrase.split(' ') }))
  // longest first, so "nao quero mais receber" is reported rather than "nao quero mais"
  .sort((a, b) => b.words.length - a.words.length);

/** The opt-out phrase in a free-text message, or null when it holds none. */
export function detectOptOut(text: string): OptOutMatch | null {
  const words = wordsOf(text);
  if (words.length === 1 && WHOLE_MESSAGE_ONLY.includes(words[0]!.folded)) {
    return { phrase: words[0]!.folded, excerpt: text.slice(words[0]!.start, words[0]!.end) };
  }
  let best: { phrase: string; first: Word; last: Word; length: number } | null = null;
  for (const { phrase, words: target } of PHRASE_WORDS) {
    if (best && best.length > target.length) break;
    for (let i = 0; i + target.length <= words.length; i++) {
      if (target.every((w, k) => words[i + k]!.folded === w)) {
        if (!best || words[i]!.start < best.first.start) best = { phrase, first: words[i]!, last: words[i + target.length - 1]!, length: target.length };
        break;
      }
    }
  }
  return best ? { phrase: best.phrase, excerpt: text.slice(best.first.start, best.last.end) } : null;
}
