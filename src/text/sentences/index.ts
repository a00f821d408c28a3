// Where spoken text is cut: into sentences (Next/Previous Sentence, the sentence highlight, the system
// voice's one process per sentence) and into the requests sent to Edge, at sentence or clause ends.
export { splitSentences, type TextRange } from './sentences';
export { splitForSynthesis, type TextSegment } from './splitText';
