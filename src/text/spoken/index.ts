// Text as it will be spoken, with a map from every position back to the document: the `SpokenText` model
// and how maps compose and slice, cleaning raw text for speech, and the character tests the other text
// modules scan with.
export { composeSpokenText, sliceSpokenText, SpokenTextBuilder, type SourceRange, type SpokenText } from './spokenText';
export { cleanForSpeech, cleanSpokenText } from './cleanText';
export { isHighSurrogate, isLowSurrogate, isWhitespace } from './chars';
