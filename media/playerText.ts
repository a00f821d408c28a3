// The player's words, as the host translated them (see src/shared/playerStrings.ts): read once from the
// document, validated. Every word the panel shows comes from here, never from a literal in media/.
import {
  PLAYER_STRINGS_ATTRIBUTE,
  fillPlayerString,
  parsePlayerStrings,
  playerStrings,
  type PlayerStrings,
} from '../src/shared/playerStrings';

function readPlayerStrings(): PlayerStrings {
  const raw = document.body.getAttribute(PLAYER_STRINGS_ATTRIBUTE);
  if (raw !== null) {
    try {
      const parsed = parsePlayerStrings(JSON.parse(raw));
      if (parsed !== undefined) {
        return parsed;
      }
    } catch {
      // Not JSON: reported below like any other bad value.
    }
  }
  // Only a document not rendered by renderPlayerHtml gets here; English is better than a blank panel.
  console.warn('Read Aloud player: no valid strings from the host; showing English');
  return playerStrings();
}

export const strings: PlayerStrings = readPlayerStrings();

/** `template` (one of `strings`') with its `{0}`, `{1}`… filled in. */
export const fill = fillPlayerString;
