import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it('stop the renderer from importing Node built-ins, Electron or the core', async () => {
    expect(await violations('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import fs from 'fs';\nexport const x = fs;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import { createCore } from '../../electron/core/createCore.js';\nexport const x = createCore;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import { methods } from '../../shared/contract/methods.js';\nexport const x = methods;\n")).toEqual([]);
  });

  it('keep shared/ free of runtime-specific imports', async () => {
    expect(await violations('shared/x.ts', "import { join } from 'node:path';\nexport const x = join;\n")).not.toEqual([]);
    expect(await violations('shared/x.ts', "import { useState } from 'react';\nexport const x = useState;\n")).not.toEqual([]);
    expect(await violations('shared/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });

  it('allow electron only in electron/main and electron/preload', async () => {
    expect(await violations('electron/core/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).not.toEqual([]);
    expect(await violations('electron/server/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).not.toEqual([]);
    expect(await violations('electron/main/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
    expect(await violations('electron/core/x.ts', "import { App } from '../../renderer/src/App.js';\nexport const x = App;\n")).not.toEqual([]);
  });
});
