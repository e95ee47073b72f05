/** Turns the menu model into Electron's menu template shape; clicks go back as MenuActions. */
import type { MenuTemplateItem } from './electron-api.js';
import type { MenuAction, MenuItemModel } from './menu-model.js';

export function toMenuTemplate(
  items: readonly MenuItemModel[],
  onAction: (action: MenuAction) => void,
): MenuTemplateItem[] {
  return items.map((item): MenuTemplateItem => {
    switch (item.type) {
      case 'label':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => onAction(item.action) };
      case 'submenu':
        return { label: item.label, type: 'submenu', submenu: toMenuTemplate(item.items, onAction) };
    }
  });
}
