/**
 * The application menu. Mostly standard roles: Edit's roles are what make
 * copy, paste and select-all work in the renderer on macOS, where shortcuts
 * only function if a menu item carries them.
 */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron'
import { openExternalSafely } from './external-links'

export const TRACK_API_REFERENCE_URL = 'https://docs.thrivestack.ai'

export function buildAppMenu(appName: string, platform: NodeJS.Platform = process.platform): Menu {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    // macOS keeps Quit in the app menu; elsewhere it belongs under File.
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Track API reference',
          click: () => void openExternalSafely(TRACK_API_REFERENCE_URL, shell),
        },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
