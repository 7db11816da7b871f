import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnTypeScript } from './spawn-typescript.js';
import { useTemporaryDirectory } from './use-temporary-directory.js';

describe('spawnTypeScript', () => {
  const dir = useTemporaryDirectory('spawn-typescript');

  it('runs a TypeScript file whose imports name the .js beside a .ts, with its arguments', async () => {
    await writeFile(
      path.join(dir(), 'greeting.ts'),
      'export const greet = (name: string): string => `hello ${name}`;\n',
    );
    await writeFile(
      path.join(dir(), 'main.ts'),
      "import { greet } from './greeting.js';\nconst name: string = process.argv[2]!;\nprocess.stdout.write(greet(name));\n",
    );
    const child = spawnTypeScript(path.join(dir(), 'main.ts'), ['pixel']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'hello pixel', stderr: '' });
  });

  it('reports the exit code of a file that fails', async () => {
    await writeFile(path.join(dir(), 'fail.ts'), 'const code: number = 7;\nprocess.exit(code);\n');
    const child = spawnTypeScript(path.join(dir(), 'fail.ts'));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(7);
  });
});
