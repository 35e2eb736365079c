import { applyProgressReporter } from '../../src/cli/apply-progress';

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (x: string) => out.push(x) } as unknown as NodeJS.WriteStream };
}

test('in a log: one line per tenth of a big apply, nothing for a small one', () => {
  const { out, s } = stream(false);
  const r = applyProgressReporter(s);
  for (let done = 0; done <= 1000; done += 16) r.report({ phase: 'starting', done, total: 1000 });
  r.report({ phase: 'starting', done: 1000, total: 1000 });
  r.end();
  expect(out).toHaveLength(11);
  expect(out[0]).toBe('Khởi chạy workflow / starting workflows: 0/1000 (0%)\n');
  expect(out[10]).toBe('Khởi chạy workflow / starting workflows: 1000/1000 (100%)\n');

  const small = stream(false);
  const q = applyProgressReporter(small.s);
  q.report({ phase: 'starting', done: 2, total: 2 });
  q.end();
  expect(small.out).toEqual([]);
});

test('on a terminal: one line redrawn at most every 200 ms, always at the end, then a newline', () => {
  const { out, s } = stream(true);
  let t = 0;
  const r = applyProgressReporter(s, () => t);
  r.report({ phase: 'stored', done: 0, total: 500 });
  t = 100;
  r.report({ phase: 'starting', done: 16, total: 500 }); // too soon: skipped
  t = 250;
  r.report({ phase: 'starting', done: 32, total: 500 });
  t = 260;
  r.report({ phase: 'starting', done: 500, total: 500 }); // the last one always
  r.end();
  expect(out).toEqual([
    '\rKhởi chạy workflow / starting workflows: 0/500 (0%)',
    '\rKhởi chạy workflow / starting workflows: 32/500 (6%)',
    '\rKhởi chạy workflow / starting workflows: 500/500 (100%)',
    '\n',
  ]);
});
