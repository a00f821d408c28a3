// Web addresses read as "link to host" rather than letter by letter: in plain text, and for the Markdown
// inline reader, which finds the URLs itself.
export { appendUrl, bareUrlEnd, canStartUrlAfter, shortenUrls } from './urls';
