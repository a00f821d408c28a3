// Markdown read for the ear (blocks, then inline syntax), and the flow that assembles spoken text from the
// blocks of any structured document — the code reader speaks comments through it too.
export {
  DEFAULT_MARKDOWN_OPTIONS,
  markdownForSpeech,
  type CodeBlockReading,
  type MarkdownSpeechOptions,
  type TableReading,
} from './markdownForSpeech';
export { BlockEnding, SpeechFlow } from './speechFlow';
