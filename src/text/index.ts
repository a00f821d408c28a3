// The text pipeline: document text → cleaned spoken text (with a map back) → requests of ≤ 4096 bytes.

export { cleanForSpeech } from './cleanText';
export { escapeXml, escapedUtf8Length } from './escapeXml';
export { splitSentences, type TextRange } from './sentences';
export { MAX_REQUEST_TEXT_BYTES, splitForSynthesis, type TextSegment } from './splitText';
export { spokenTextOf, SpokenTextBuilder, type SourceRange, type SpokenText } from './spokenText';
