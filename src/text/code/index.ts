// What a document or selection says, by language: Markdown without syntax, code files by their comments,
// plain text cleaned; and code itself read as a developer says it.
export { commentCutAfter, documentForSpeech, isCodeLanguage, isMarkdownLanguage, selectionForSpeech } from './codeForSpeech';
export { codeForTheEar } from './codeSpeech';
