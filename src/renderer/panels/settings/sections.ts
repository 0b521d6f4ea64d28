/** The settings panel's sections, in the order of its side menu. */
export const SETTINGS_SECTIONS = [
  { id: 'mode', title: 'Mode' },
  { id: 'keys', title: 'API keys' },
  { id: 'risk', title: 'Risk limits' },
  { id: 'execution', title: 'Execution' },
  { id: 'strategies', title: 'Strategies' },
  { id: 'yaml', title: 'trading.yaml' },
  { id: 'history', title: 'History' },
] as const;

export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

export function sectionOf(value: unknown): SettingsSectionId {
  return SETTINGS_SECTIONS.find((s) => s.id === value)?.id ?? 'mode';
}
