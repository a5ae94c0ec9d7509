import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  basicAuthUser,
  checkSameOrigin,
  createCsrfKeys,
  csrfTokenFor,
  newSessionId,
  readCookie,
  verifyCsrfToken,
} from '../../../src/web/csrf.js';

describe('csrf tokens', () => {
  const keys = createCsrfKeys(Buffer.alloc(32, 7));

  it('verify only for the same secret, session and user', () => {
    const session = newSessionId();
    const token = csrfTokenFor(keys, session, 'pi');
    assert.equal(verifyCsrfToken(keys, session, 'pi', token), true);
    assert.equal(verifyCsrfToken(keys, session, 'root', token), false);
    assert.equal(verifyCsrfToken(keys, newSessionId(), 'pi', token), false);
    assert.equal(verifyCsrfToken(createCsrfKeys(Buffer.alloc(32, 8)), session, 'pi', token), false);
    assert.equal(verifyCsrfToken(keys, session, 'pi', undefined), false);
    assert.equal(verifyCsrfToken(keys, session, 'pi', token.slice(1)), false);
    assert.equal(verifyCsrfToken(keys, 'not-a-session', 'pi', csrfTokenFor(keys, 'not-a-session', 'pi')), false);
  });

  it('name the cookie per daemon secret (two daemons on one host keep their own)', () => {
    assert.match(keys.cookieName, /^svwiz_session_[0-9a-f]{8}$/);
    assert.notEqual(keys.cookieName, createCsrfKeys(Buffer.alloc(32, 9)).cookieName);
  });
});

describe('request facts', () => {
  it('reads one cookie among many', () => {
    assert.equal(readCookie('a=1; svwiz_session_x=abc; b=2', 'svwiz_session_x'), 'abc');
    assert.equal(readCookie('xsvwiz_session_x=abc', 'svwiz_session_x'), undefined);
    assert.equal(readCookie(undefined, 'a'), undefined);
  });

  it('reads the Basic-auth user', () => {
    const table: [string | undefined, string][] = [
      [`Basic ${Buffer.from('pi:secret').toString('base64')}`, 'pi'],
      [`basic ${Buffer.from('user:pa:ss').toString('base64')}`, 'user'],
      [`Basic ${Buffer.from('nopass').toString('base64')}`, 'nopass'],
      ['Bearer abc', ''],
      [undefined, ''],
    ];
    for (const [header, user] of table) assert.equal(basicAuthUser(header), user, String(header));
  });

  it('tells same-origin from cross-site requests', () => {
    const table: [Parameters<typeof checkSameOrigin>[0], boolean][] = [
      [{ secFetchSite: 'same-origin', host: 'pi:9001' }, true],
      [{ secFetchSite: 'Same-Origin', host: 'pi:9001' }, true],
      [{ secFetchSite: 'same-site', host: 'pi:9001' }, false],
      [{ secFetchSite: 'cross-site', origin: 'http://pi:9001', host: 'pi:9001' }, false],
      [{ secFetchSite: 'none' }, false],
      [{ origin: 'http://pi:9001', host: 'pi:9001' }, true],
      [{ origin: 'http://pi:9002', host: 'pi:9001' }, false],
      [{ origin: 'null', host: 'pi:9001' }, false],
      [{ origin: 'http://evil.example', host: 'pi:9001' }, false],
      [{ host: 'pi:9001' }, true], // non-browser clients; the token still has to match
    ];
    for (const [headers, ok] of table) assert.equal(checkSameOrigin(headers).ok, ok, JSON.stringify(headers));
  });
});
