// Escaping text for the SSML it is sent in, and measuring it as it will be once escaped.
export { escapedPrefixEnd, escapeXml, MAX_ESCAPED_CODE_POINT_BYTES } from './escapeXml';
