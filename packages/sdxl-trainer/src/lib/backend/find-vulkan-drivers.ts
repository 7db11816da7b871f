import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The Vulkan driver manifests (ICD files) the Vulkan loader would find on Linux: `VK_DRIVER_FILES` /
 * `VK_ICD_FILENAMES`, else the standard folders. Looking first keeps Dawn from printing "Couldn't load
 * Vulkan" on every machine without a GPU driver.
 */
export function findVulkanDrivers(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  if (listed) return listed.split(path.delimiter).filter((file) => existsSync(file));
  const dataDirs = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(path.delimiter);
  const folders = ['/etc/vulkan/icd.d', ...dataDirs.map((dir) => path.join(dir, 'vulkan/icd.d'))];
  return folders.flatMap((folder) => {
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.join(folder, name));
    } catch {
      return [];
    }
  });
}
