import { Script } from 'node:vm';
import { appScript } from './app-script';
import { STYLESHEET } from './styles';

describe('the browser script', () => {
  it('is valid JavaScript', () => {
    expect(() => new Script(appScript(), { filename: 'app.js' })).not.toThrow();
  });

  it('never parses strings as HTML or code', () => {
    expect(appScript()).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(['"]/,
    );
  });

  it('fetches only this origin', () => {
    expect(appScript()).not.toMatch(/https?:\/\//);
    expect(STYLESHEET).not.toMatch(/url\(|@import/);
  });
});
