// The workspace's rules on the real tree: this is how `pnpm test` (CI) enforces them. Each check's own tests,
// beside it in lib/, show it failing on planted problems.
import { fileURLToPath } from 'node:url';
import { checkDeclaredDependencies } from './lib/check-declared-dependencies.js';
import { checkFunctionLengths } from './lib/check-function-lengths.js';
import { checkLayers } from './lib/check-layers.js';
import { findLongFunctions } from './lib/find-long-functions.js';
import { loadWorkspace, type Workspace } from './lib/load-workspace.js';
import {
  DECLARED_BEFORE_USE,
  FOUNDATION_TOOLS,
  FUNCTIONS_OVER_LIMIT,
  LAYERS,
  MAX_FUNCTION_LINES,
} from './rules.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let workspace: Workspace;
beforeAll(async () => {
  workspace = await loadWorkspace(ROOT);
});

describe('the workspace', () => {
  it('has the packages the rules name', () => {
    const names = workspace.packages.map((pkg) => pkg.name);
    expect(names).toEqual(expect.arrayContaining([...LAYERS.flat(), ...FOUNDATION_TOOLS]));
  });

  it('declares exactly the workspace packages its production code imports', () => {
    expect(checkDeclaredDependencies(workspace.packages, workspace.filesOf, DECLARED_BEFORE_USE)).toEqual([]);
  });

  it('imports along the layers, and products never import tools/', () => {
    expect(
      checkLayers(workspace.packages, workspace.filesOf, {
        layers: LAYERS,
        foundationTools: FOUNDATION_TOOLS,
      }),
    ).toEqual([]);
  });

  it(`has no production function over ${MAX_FUNCTION_LINES} lines but the listed ones, which only shrink`, () => {
    const production = workspace.packages.flatMap((pkg) =>
      workspace.filesOf(pkg).filter((file) => file.production && !/\.d\.[cm]?ts$/.test(file.path)),
    );
    const long = findLongFunctions(ROOT, production, MAX_FUNCTION_LINES);
    expect(checkFunctionLengths(long, FUNCTIONS_OVER_LIMIT, MAX_FUNCTION_LINES)).toEqual([]);
  });
});
