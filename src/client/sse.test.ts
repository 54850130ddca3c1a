import { describe, expect, it } from 'vitest';
import { SseParser } from './index.js';

const STREAM =
  ': connected\n\n' +
  'data: {"type":"ADDED","n":1}\n\n' +
  ': ping\n\n' +
  'event: error\ndata: {"error":"boom"}\n\n' +
  'data: line one\r\ndata:line two\r\n\r\n' +
  'data: {"type":"MODIFIED","n":2}\r\r';

const EXPECTED = [
  { event: 'message', data: '{"type":"ADDED","n":1}' },
  { event: 'error', data: '{"error":"boom"}' },
  { event: 'message', data: 'line one\nline two' },
  { event: 'message', data: '{"type":"MODIFIED","n":2}' },
];

describe('SseParser', () => {
  it('parses events, skips comments, joins data lines, accepts LF, CRLF and CR', () => {
    expect(new SseParser().push(STREAM)).toEqual(EXPECTED);
  });

  it.each([1, 2, 3, 5, 7, 13])(
    'gives the same events when chunks are %i characters long',
    (size) => {
      // GIVEN the stream split at every possible boundary (inside lines, between CR and LF)
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < STREAM.length; i += size)
        events.push(...parser.push(STREAM.slice(i, i + size)));
      // THEN nothing is lost, merged or duplicated
      expect(events).toEqual(EXPECTED);
    },
  );

  it('keeps an unfinished event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":')).toEqual([]);
    expect(parser.push('1}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });

  it('ignores a blank line with no data and unknown fields', () => {
    expect(new SseParser().push('\n\nid: 7\nretry: 10\nevent: x\n\ndata\n\n')).toEqual([
      { event: 'message', data: '' },
    ]);
  });
});
