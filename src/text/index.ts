// The text pipeline: document text → spoken text (with a map back) → requests of ≤ 4096 bytes.

export { cleanForSpeech, cleanSpokenText } from './cleanText';
export {
  commentsForSpeech,
  documentForSpeech,
  isCodeLanguage,
  isMarkdownLanguage,
  plainTextForSpeech,
  selectionForSpeech,
  type DocumentSpeechOptions,
} from './codeForSpeech';
export { escapeXml, escapedUtf8Length } from './escapeXml';
export { DEFAULT_MARKDOWN_OPTIONS, markdownForSpeech, type CodeBlockReading, type MarkdownSpeechOptions } from './markdownForSpeech';
export { applyPronunciations, validatePronunciations, type PronunciationRule, type ValidatedPronunciations } from './pronunciations';
export { splitSentences, type TextRange } from './sentences';
export { MAX_REQUEST_TEXT_BYTES, splitForSynthesis, type TextSegment } from './splitText';
export { composeSpokenText, sliceSpokenText, spokenTextOf, SpokenTextBuilder, type SourceRange, type SpokenText } from './spokenText';
export { describeUrl, shortenUrls } from './urls';
