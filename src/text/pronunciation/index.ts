// The user's pronunciation list: validated from the setting, applied to the spoken text last.
export { applyPronunciations, validatePronunciations, type PronunciationRule } from './pronunciations';
