// msedge-tts imports axios only for its getVoices(), which Read Aloud does not use (src/voices fetches
// the list itself, with the headers the service expects). The build aliases axios to this stub, which
// keeps ~300 KB of HTTP client out of the extension bundle.
const unused = (): never => {
  throw new Error('axios is not bundled: Read Aloud fetches the voice list in src/voices');
};

export default { get: unused, post: unused, request: unused };
