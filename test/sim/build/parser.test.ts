import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, ParseError } from '../../../src/sim/build/parser.ts';
import { InstructionError, parseInstructions } from '../../../src/sim/build/instructions.ts';

const nodes = (text: string) => parse(text).nodes.map((n) => ({ value: n.value, args: n.args, json: n.json, flags: n.flags }));

describe('Dockerfile parser', () => {
  it('reads instructions, argument forms and builder flags', () => {
    expect(
      nodes(
        [
          'FROM busybox AS base',
          'RUN echo "a  b"',
          'CMD ["echo", "x"]',
          'ENV A=1 B="two words"',
          'ENV OLD form with spaces',
          'LABEL "k"="v"',
          'COPY --chown=1:2 a b /dst/',
          'EXPOSE 80   443/tcp',
          'ARG X=1 Y',
          'ONBUILD RUN echo hi',
          'HEALTHCHECK --interval=5s CMD ["true"]',
          'from lower',
        ].join('\n'),
      ),
    ).toEqual([
      { value: 'from', args: ['busybox', 'AS', 'base'], json: false, flags: [] },
      { value: 'run', args: ['echo "a  b"'], json: false, flags: [] },
      { value: 'cmd', args: ['echo', 'x'], json: true, flags: [] },
      { value: 'env', args: ['A', '1', 'B', '"two words"'], json: false, flags: [] },
      { value: 'env', args: ['OLD', 'form with spaces'], json: false, flags: [] },
      { value: 'label', args: ['"k"', '"v"'], json: false, flags: [] },
      { value: 'copy', args: ['a', 'b', '/dst/'], json: false, flags: ['--chown=1:2'] },
      { value: 'expose', args: ['80', '443/tcp'], json: false, flags: [] },
      { value: 'arg', args: ['X=1', 'Y'], json: false, flags: [] },
      { value: 'onbuild', args: ['run', 'echo hi'], json: false, flags: [] },
      { value: 'healthcheck', args: ['CMD', 'true'], json: true, flags: ['--interval=5s'] },
      { value: 'from', args: ['lower'], json: false, flags: [] },
    ]);
  });

  it('joins continuation lines (keeping their leading blanks), skips comments inside them, warns about empty ones', () => {
    const r = parse('FROM a\nRUN echo one \\\n    two \\\n# note\n\n    three\n');
    expect(r.nodes[1]!.original).toBe('RUN echo one     two     three');
    expect(r.nodes[1]!.startLine).toBe(2);
    expect(r.nodes[1]!.endLine).toBe(6);
    expect(r.warnings).toEqual([
      '[WARNING]: Empty continuation line found in:\n    RUN echo one     two     three',
      '[WARNING]: Empty continuation lines will become errors in a future release.',
    ]);
  });

  it('honours the escape directive, CRLF line ends and a BOM', () => {
    const r = parse('\ufeff# escape=`\r\nFROM a\r\nRUN echo C:\\dir\\ `\r\n  more\r\n');
    expect(r.escapeToken).toBe('`');
    expect(r.nodes.map((n) => n.original)).toEqual(['FROM a', 'RUN echo C:\\dir\\   more']);
  });

  it('takes a bad JSON array as the shell form, and refuses arrays of non-strings', () => {
    expect(nodes('CMD ["a",\n')[0]).toEqual({ value: 'cmd', args: ['["a",'], json: false, flags: [] });
    expect(nodes('CMD ["a"] trailing words\n')[0]).toEqual({ value: 'cmd', args: ['a'], json: true, flags: [] });
    expect(nodes('CMD ["\\ud83d\\ude00", "\\u00e9"]')[0]!.args).toEqual(['😀', 'é']);
    expect(() => parse('CMD ["a", 1]')).toThrow('when using JSON array syntax, arrays must be comprised of strings only');
    expect(() => parse('RUN [["a"]]')).toThrow(ParseError);
  });

  it('gives buildkit\'s errors', () => {
    expect(() => parse('')).toThrow('file with no instructions');
    expect(() => parse('# only a comment\n\n')).toThrow('file with no instructions');
    expect(() => parse('FROM a\nENV A')).toThrow('ENV must have two arguments');
    expect(() => parse('FROM a\nLABEL a=b c')).toThrow('Syntax error - can\'t find = in "c". Must be of the form: name=value');
    expect(() => parse('# escape=x\nFROM a')).toThrow("invalid escape token 'x' does not match ` or \\");
    expect(() => parse('# escape=\\\n# escape=`\nFROM a')).toThrow('only one escape parser directive can be used');
  });

  it('refuses lines over 64 KiB, after the instructions before them', () => {
    const long = 'x'.repeat(65536);
    expect(() => parse(`FROM a\nRUN ${long}`)).toThrow('dockerfile line greater than max allowed size of 65535');
    expect(() => parse(long)).toThrow('file with no instructions');
    // 65535 bytes still fit
    expect(parse(`RUN ${'y'.repeat(65531)}`).nodes).toHaveLength(1);
  });

  it('turns nodes into stages and meta args with buildkit\'s messages', () => {
    const { stages, metaArgs } = parseInstructions(parse('ARG V=1\nFROM a AS one\nRUN x\nFROM one\nCMD ["y"]').nodes);
    expect(metaArgs.map((a) => a.code)).toEqual(['ARG V=1']);
    expect(stages.map((s) => [s.name, s.baseName, s.commands.map((c) => c.kind)])).toEqual([
      ['one', 'a', ['run']],
      ['', 'one', ['cmd']],
    ]);
    const bad = (text: string) => () => parseInstructions(parse(text).nodes);
    expect(bad('FROM a\nFOO bar')).toThrow('dockerfile parse error line 2: unknown instruction: FOO');
    expect(bad('RUN x')).toThrow('no build stage in current context');
    expect(bad('FROM a\nENV')).toThrow('dockerfile parse error line 2: ENV requires at least one argument');
    expect(bad('FROM a\nCOPY x')).toThrow('COPY requires at least two arguments, but only one was provided. Destination could not be determined');
    expect(bad('FROM a\nCOPY --nope=1 a b')).toThrow('Unknown flag: nope');
    expect(bad('FROM a\nCOPY --from a b')).toThrow('Missing a value on flag: from');
    expect(bad('FROM a\nWORKDIR')).toThrow('WORKDIR requires exactly one argument');
    expect(bad('FROM a b')).toThrow('FROM requires either one or three arguments');
    expect(bad('FROM a AS 1x')).toThrow('invalid name for build stage: "1x", name can\'t start with a number or contain symbols');
    expect(bad('FROM a\nONBUILD FROM b')).toThrow("FROM isn't allowed as an ONBUILD trigger");
    expect(bad('FROM a\nSHELL sh -c')).toThrow('SHELL requires the arguments to be in JSON form');
    expect(bad('FROM a\nRUN --mount=type=nope x')).toThrow('unsupported mount type "nope"');
    expect(bad('FROM a\nHEALTHCHECK --interval=1 CMD x')).toThrow('time: missing unit in duration "1"');
    expect(bad('FROM a\nHEALTHCHECK --retries=0 CMD x')).toThrow('--retries must be at least 1 (not 0)');
  });
});

describe('hostile Dockerfiles never crash the parser', () => {
  const safely = (text: string) => {
    try {
      parseInstructions(parse(text).nodes);
    } catch (e) {
      if (!(e instanceof ParseError || e instanceof InstructionError)) throw e;
    }
  };

  it('survives a large file', () => {
    const text = 'FROM busybox\n' + 'RUN echo line \\\n'.repeat(2000) + 'RUN true\n' + 'ENV A=1\n'.repeat(50_000);
    const t0 = Date.now();
    expect(parse(text).nodes.length).toBe(50_002);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('survives absurd nesting, unterminated strings and stray escapes', () => {
    for (const text of [
      'CMD ' + '['.repeat(200_000),
      'CMD ' + '['.repeat(5_000) + ']'.repeat(5_000),
      'RUN ["unterminated',
      'RUN ["\\x"]',
      'ENV A="unterminated',
      'LABEL \\',
      'FROM a\nRUN \\',
      '\\',
      '# escape=`\n`',
      'COPY --chown="a b',
      '\u0000\u0001\u0002',
      'FROM a\nRUN echo \ud800',
    ]) {
      expect(() => safely(text)).not.toThrow();
    }
  });

  it('survives random text', () => {
    const piece = fc.constantFrom('FROM ', 'RUN ', 'ENV ', 'LABEL ', 'ARG ', 'COPY ', 'CMD ', '[', ']', '"', "'", '\\', '`', '=', ' ', '\n', '\r\n', '#', '# escape=`\n', '--', '${', '}', 'x');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 60 }), (parts) => {
        safely(parts.join(''));
      }),
      { numRuns: 500 },
    );
  });
});
