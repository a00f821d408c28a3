// The reader view: the text being read, as plain text (textContent only, never markup), the sentence
// being heard and its word highlighted, following along unless the user scrolls away. Choosing a
// sentence (click, Enter or Space) asks the host to read from there.

import { strings } from './playerText';

export interface ReaderViewActions {
  jumpTo(sentence: number): void;
}

/**
 * Word timings kept at most (about 1.5 hours of speech); beyond it the oldest half goes. Playback never
 * goes back that far: the player keeps only minutes of played audio.
 */
const MAX_WORD_TIMINGS = 20_000;

/** After our own scroll, scroll events for this long are ours, not the user's. */
const OWN_SCROLL_GRACE_MS = 600;

export class ReaderView {
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  /** Sentence index → its element, for the window of sentences the host sent. */
  private readonly items = new Map<number, HTMLElement>();
  private current: { sentence: number; wordStart: number; wordEnd: number } | undefined;
  private following = true;
  private ownScrollUntil = 0;
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  /** Word timings from the host, in time order: the highlight follows the audio clock without a round trip. */
  private readonly wordTimes: number[] = [];
  private readonly wordPlaces: Array<readonly [number, number, number]> = [];

  constructor(
    parent: HTMLElement,
    private readonly actions: ReaderViewActions,
  ) {
    this.root = document.createElement('section');
    this.root.className = 'reader';
    this.root.setAttribute('aria-label', strings.readerLabel);
    this.list = document.createElement('div');
    this.list.className = 'reader-text';
    this.root.append(this.list);
    this.root.hidden = true;
    parent.append(this.root);
    // The user scrolling the current sentence out of view stops the following; back in view, it resumes.
    this.root.addEventListener('scroll', () => {
      if (Date.now() >= this.ownScrollUntil) {
        this.following = this.currentIsVisible();
      }
    });
  }

  /** Sentences `first`, `first + 1`, … replace what was shown. */
  setText(first: number, sentences: readonly string[]): void {
    this.items.clear();
    const fragment = document.createDocumentFragment();
    sentences.forEach((text, offset) => {
      const index = first + offset;
      const item = document.createElement('span');
      item.className = 'sentence';
      item.tabIndex = 0;
      item.setAttribute('role', 'button');
      item.dataset.index = String(index);
      item.textContent = text;
      item.addEventListener('click', () => this.actions.jumpTo(index));
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.actions.jumpTo(index);
        }
      });
      this.items.set(index, item);
      fragment.append(item, document.createTextNode(' '));
    });
    this.list.replaceChildren(fragment);
    this.root.hidden = sentences.length === 0;
    const current = this.current;
    this.current = undefined;
    if (current) {
      this.setPosition(current.sentence, current.wordStart, current.wordEnd);
    }
  }

  /** Word timings, four numbers per word: sentence, start and end in it, second it is heard at. */
  addWords(words: readonly number[]): void {
    for (let i = 0; i + 3 < words.length; i += 4) {
      const seconds = words[i + 3] as number;
      const place = [words[i] as number, words[i + 1] as number, words[i + 2] as number] as const;
      // They come in time order; keep the list sorted anyway.
      let at = this.wordTimes.length;
      while (at > 0 && (this.wordTimes[at - 1] as number) > seconds) {
        at--;
      }
      this.wordTimes.splice(at, 0, seconds);
      this.wordPlaces.splice(at, 0, place);
    }
    if (this.wordTimes.length > MAX_WORD_TIMINGS) {
      const drop = this.wordTimes.length - MAX_WORD_TIMINGS / 2;
      this.wordTimes.splice(0, drop);
      this.wordPlaces.splice(0, drop);
    }
  }

  /** The audio is at `seconds`: highlight the word heard then, if its timing is known. */
  tick(seconds: number): void {
    let lo = 0;
    let hi = this.wordTimes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.wordTimes[mid] as number) <= seconds) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const place = this.wordPlaces[found];
    if (place) {
      this.setPosition(place[0], place[1], place[2]);
    }
  }

  /** The host's idea of the position: used until word timings are known (they make it exact). */
  setHostPosition(sentence: number, wordStart: number, wordEnd: number): void {
    if (this.wordTimes.length === 0) {
      this.setPosition(sentence, wordStart, wordEnd);
    }
  }

  setPosition(sentence: number, wordStart: number, wordEnd: number): void {
    const previous = this.current;
    if (previous && previous.sentence === sentence && previous.wordStart === wordStart && previous.wordEnd === wordEnd) {
      return;
    }
    if (previous && previous.sentence !== sentence) {
      this.unmark(previous.sentence);
    }
    this.current = { sentence, wordStart, wordEnd };
    const item = this.items.get(sentence);
    if (!item) {
      return;
    }
    const text = item.dataset.text ?? item.textContent ?? '';
    item.dataset.text = text;
    item.classList.add('current');
    item.setAttribute('aria-current', 'true');
    // The word as its own element between two text nodes: built from text, never parsed as markup.
    if (wordEnd > wordStart && wordEnd <= text.length) {
      const word = document.createElement('mark');
      word.className = 'word';
      word.textContent = text.slice(wordStart, wordEnd);
      item.replaceChildren(document.createTextNode(text.slice(0, wordStart)), word, document.createTextNode(text.slice(wordEnd)));
    } else {
      item.textContent = text;
    }
    if (!previous || previous.sentence !== sentence) {
      this.follow(item);
    }
  }

  clear(): void {
    this.items.clear();
    this.wordTimes.length = 0;
    this.wordPlaces.length = 0;
    this.current = undefined;
    this.following = true;
    this.list.replaceChildren();
    this.root.hidden = true;
  }

  private unmark(sentence: number): void {
    const item = this.items.get(sentence);
    if (item) {
      item.classList.remove('current');
      item.removeAttribute('aria-current');
      item.textContent = item.dataset.text ?? item.textContent ?? '';
    }
  }

  private follow(item: HTMLElement): void {
    if (!this.following || this.root.hidden) {
      return;
    }
    this.ownScrollUntil = Date.now() + OWN_SCROLL_GRACE_MS;
    item.scrollIntoView({ block: 'nearest', behavior: this.reducedMotion.matches ? 'auto' : 'smooth' });
  }

  private currentIsVisible(): boolean {
    const item = this.current && this.items.get(this.current.sentence);
    if (!item) {
      return true;
    }
    const box = item.getBoundingClientRect();
    const view = this.root.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  }
}
