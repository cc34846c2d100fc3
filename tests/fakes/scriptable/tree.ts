/** What the Scriptable fake records: the widget tree a script built, as plain data. */

export type Appearance = 'light' | 'dark';

export interface RecordedColour {
  light: { hex: string; alpha: number };
  dark: { hex: string; alpha: number };
  /** False when the script used a plain `new Color()`: then light and dark are the same. */
  dynamic: boolean;
}

export interface RecordedFont {
  /** The Font factory used, e.g. `boldRoundedSystemFont` or `body`. */
  name: string;
  size: number | null;
}

export type TextAlign = 'left' | 'center' | 'right' | null;

export interface TextNode {
  type: 'text';
  text: string;
  font: RecordedFont | null;
  color: RecordedColour | null;
  opacity: number;
  lineLimit: number;
  align: TextAlign;
}

export interface DateNode {
  type: 'date';
  /** Epoch milliseconds. */
  date: number;
  style: 'date' | 'time' | 'relative' | 'offset' | 'timer' | null;
  font: RecordedFont | null;
  color: RecordedColour | null;
  align: TextAlign;
}

export interface ImageNode {
  type: 'image';
  /** The SF Symbol name, or null for a non-symbol image. */
  symbol: string | null;
  size: { width: number; height: number } | null;
  tint: RecordedColour | null;
}

export interface SpacerNode {
  type: 'spacer';
  /** null = flexible. */
  length: number | null;
}

export interface ContainerProps {
  background: RecordedColour | null;
  padding: [number, number, number, number] | null;
  spacing: number;
  url: string | null;
  children: WidgetNode[];
}

export interface StackNode extends ContainerProps {
  type: 'stack';
  layout: 'horizontal' | 'vertical';
  align: 'top' | 'center' | 'bottom' | null;
  size: { width: number; height: number } | null;
  cornerRadius: number;
}

export type WidgetNode = TextNode | DateNode | ImageNode | SpacerNode | StackNode;

export interface RecordedWidget extends ContainerProps {
  accessoryBackground: boolean;
  /** Epoch milliseconds, or null when the script left it to iOS. */
  refreshAfterDate: number | null;
}

/** A colour as it reads in one appearance, e.g. `#C50F1F` or `#C50F1F@0.18`. */
export function resolveColour(c: RecordedColour | null, appearance: Appearance): string | null {
  if (!c) return null;
  const { hex, alpha } = c[appearance];
  return alpha === 1 ? hex : `${hex}@${alpha}`;
}

/** Every node of the tree, depth first. */
export function* walk(nodes: WidgetNode[]): Generator<WidgetNode> {
  for (const n of nodes) {
    yield n;
    if (n.type === 'stack') yield* walk(n.children);
  }
}
