// @vitest-environment happy-dom
/** Which focused elements take typing, so the ticket's B and S never steal a keystroke from them. */
import { describe, expect, it } from 'vitest';
import { isTextEntry } from '../../../src/renderer/panels/ticket/hotkeys';

function element(html: string): Element {
  const host = document.createElement('div');
  host.innerHTML = html;
  return host.firstElementChild!;
}

describe('isTextEntry', () => {
  it('text-like inputs, text areas, selects and editable text take typing', () => {
    for (const html of ['<input>', '<input type="text">', '<input type="number">', '<input type="search">', '<input type="PASSWORD">', '<textarea></textarea>', '<select></select>']) {
      expect(isTextEntry(element(html)), html).toBe(true);
    }
  });

  it('buttons, check boxes, radios and plain elements do not', () => {
    for (const html of ['<button>Buy</button>', '<input type="checkbox">', '<input type="radio">', '<div tabindex="-1"></div>', '<a href="#">x</a>']) {
      expect(isTextEntry(element(html)), html).toBe(false);
    }
    expect(isTextEntry(null)).toBe(false);
  });
});
