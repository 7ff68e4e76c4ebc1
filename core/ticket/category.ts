/** A ticket category. The list is configurable per workspace; these are the defaults from the support process. */
export interface Category {
  readonly id: string;
  readonly label: string;
}

export const DEFAULT_CATEGORIES: readonly Category[] = [
  { id: 'technical', label: 'Technical' },
  { id: 'billing', label: 'Billing' },
  { id: 'general-inquiry', label: 'General inquiry' },
  { id: 'bug-report', label: 'Bug report' },
  { id: 'how-to', label: 'How-to question' },
  { id: 'feature-request', label: 'Feature request' },
];

export function findCategory(categories: readonly Category[], id: string): Category | undefined {
  return categories.find((c) => c.id === id);
}
