import type { ContainerProps, RecordedColour, RecordedFont, RecordedWidget, StackNode, TextAlign, WidgetNode } from './tree';

/** Only what the widget uses of Scriptable's API, recording instead of drawing. */

export class FakeColor {
  readonly hex: string;
  readonly alpha: number;
  pair: { light: FakeColor; dark: FakeColor } | null = null;
  constructor(hex: string, alpha = 1) {
    const clean = hex.replace(/^#/, '').toUpperCase();
    if (!/^[0-9A-F]{6}$/.test(clean)) throw new Error(`Color: bad hex ${hex}`);
    this.hex = clean;
    this.alpha = alpha;
  }
  static dynamic(light: FakeColor, dark: FakeColor): FakeColor {
    const c = new FakeColor(light.hex, light.alpha);
    c.pair = { light, dark };
    return c;
  }
  static white(): FakeColor {
    return new FakeColor('FFFFFF');
  }
  static black(): FakeColor {
    return new FakeColor('000000');
  }
  static clear(): FakeColor {
    return new FakeColor('000000', 0);
  }
}

function recordColour(c: FakeColor | undefined): RecordedColour | null {
  if (!c) return null;
  const l = c.pair?.light ?? c;
  const d = c.pair?.dark ?? c;
  return { light: { hex: `#${l.hex}`, alpha: l.alpha }, dark: { hex: `#${d.hex}`, alpha: d.alpha }, dynamic: c.pair !== null };
}

const FONT_SIZES = { largeTitle: 34, title1: 28, title2: 22, title3: 20, headline: 17, subheadline: 15, body: 17, callout: 16, footnote: 13, caption1: 12, caption2: 11 };
const SIZED_FONTS = ['systemFont', 'ultraLight', 'thin', 'light', 'regular', 'medium', 'semibold', 'bold', 'heavy', 'black', 'italic'].flatMap((w) =>
  w === 'systemFont' ? ['systemFont'] : w === 'italic' ? ['italicSystemFont'] : [`${w}SystemFont`, `${w}MonospacedSystemFont`, `${w}RoundedSystemFont`],
);

export class FakeFont implements RecordedFont {
  constructor(
    readonly name: string,
    readonly size: number | null,
  ) {}
}
for (const [name, size] of Object.entries(FONT_SIZES)) Object.assign(FakeFont, { [name]: () => new FakeFont(name, size) });
for (const name of SIZED_FONTS) Object.assign(FakeFont, { [name]: (size: number) => new FakeFont(name, size) });

export class FakeSize {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
}

export class FakeImage {
  constructor(readonly symbol: string | null) {}
}

export class FakeSFSymbol {
  readonly image: FakeImage;
  font: FakeFont | null = null;
  private constructor(name: string) {
    this.image = new FakeImage(name);
  }
  static named(name: string): FakeSFSymbol {
    return new FakeSFSymbol(name);
  }
  applyFont(font: FakeFont): void {
    this.font = font;
  }
}

class FakeText {
  textColor?: FakeColor;
  font?: FakeFont;
  textOpacity = 1;
  lineLimit = 0;
  minimumScaleFactor = 1;
  url?: string;
  align: TextAlign = null;
  constructor(public text: string) {}
  leftAlignText(): void {
    this.align = 'left';
  }
  centerAlignText(): void {
    this.align = 'center';
  }
  rightAlignText(): void {
    this.align = 'right';
  }
}

class FakeDate extends FakeText {
  style: 'date' | 'time' | 'relative' | 'offset' | 'timer' | null = null;
  constructor(public date: Date) {
    super('');
  }
  applyTimeStyle(): void {
    this.style = 'time';
  }
  applyDateStyle(): void {
    this.style = 'date';
  }
  applyRelativeStyle(): void {
    this.style = 'relative';
  }
  applyOffsetStyle(): void {
    this.style = 'offset';
  }
  applyTimerStyle(): void {
    this.style = 'timer';
  }
}

class FakeWidgetImage {
  imageSize?: FakeSize;
  tintColor?: FakeColor;
  url?: string;
  constructor(readonly image: FakeImage) {}
  leftAlignImage(): void {}
  centerAlignImage(): void {}
  rightAlignImage(): void {}
}

class FakeSpacer {
  constructor(public length: number | null) {}
}

type Child = FakeText | FakeDate | FakeWidgetImage | FakeSpacer | FakeStack;

class FakeContainer {
  backgroundColor?: FakeColor;
  spacing = 0;
  url?: string;
  padding: [number, number, number, number] | null = null;
  readonly children: Child[] = [];
  addText(text: string): FakeText {
    return this.push(new FakeText(String(text)));
  }
  addDate(date: Date): FakeDate {
    return this.push(new FakeDate(date));
  }
  addImage(image: FakeImage): FakeWidgetImage {
    if (!(image instanceof FakeImage)) throw new TypeError('addImage: not an Image');
    return this.push(new FakeWidgetImage(image));
  }
  addSpacer(length?: number): FakeSpacer {
    return this.push(new FakeSpacer(length ?? null));
  }
  addStack(): FakeStack {
    return this.push(new FakeStack());
  }
  setPadding(top: number, leading: number, bottom: number, trailing: number): void {
    this.padding = [top, leading, bottom, trailing];
  }
  useDefaultPadding(): void {
    this.padding = null;
  }
  private push<T extends Child>(c: T): T {
    this.children.push(c);
    return c;
  }
}

export class FakeStack extends FakeContainer {
  layout: 'horizontal' | 'vertical' = 'horizontal';
  align: 'top' | 'center' | 'bottom' | null = null;
  size?: FakeSize;
  cornerRadius = 0;
  layoutHorizontally(): void {
    this.layout = 'horizontal';
  }
  layoutVertically(): void {
    this.layout = 'vertical';
  }
  topAlignContent(): void {
    this.align = 'top';
  }
  centerAlignContent(): void {
    this.align = 'center';
  }
  bottomAlignContent(): void {
    this.align = 'bottom';
  }
}

export class FakeListWidget extends FakeContainer {
  addAccessoryWidgetBackground = false;
  refreshAfterDate?: Date;
  presented: string | null = null;
  async presentSmall(): Promise<void> {
    this.presented = 'small';
  }
  async presentMedium(): Promise<void> {
    this.presented = 'medium';
  }
  async presentLarge(): Promise<void> {
    this.presented = 'large';
  }
}

function recordChildren(children: Child[]): WidgetNode[] {
  return children.map((c): WidgetNode => {
    if (c instanceof FakeDate) {
      return { type: 'date', date: c.date.getTime(), style: c.style, font: c.font ?? null, color: recordColour(c.textColor), align: c.align };
    }
    if (c instanceof FakeText) {
      return { type: 'text', text: c.text, font: c.font ?? null, color: recordColour(c.textColor), opacity: c.textOpacity, lineLimit: c.lineLimit, align: c.align };
    }
    if (c instanceof FakeWidgetImage) {
      const size = c.imageSize ? { width: c.imageSize.width, height: c.imageSize.height } : null;
      return { type: 'image', symbol: c.image.symbol, size, tint: recordColour(c.tintColor) };
    }
    if (c instanceof FakeSpacer) return { type: 'spacer', length: c.length };
    const stack: StackNode = {
      type: 'stack',
      layout: c.layout,
      align: c.align,
      size: c.size ? { width: c.size.width, height: c.size.height } : null,
      cornerRadius: c.cornerRadius,
      ...containerProps(c),
    };
    return stack;
  });
}

function containerProps(c: FakeContainer): ContainerProps {
  return { background: recordColour(c.backgroundColor), padding: c.padding, spacing: c.spacing, url: c.url ?? null, children: recordChildren(c.children) };
}

/** The recorded tree of a ListWidget. */
export function recordWidget(w: FakeListWidget): RecordedWidget {
  return { ...containerProps(w), accessoryBackground: w.addAccessoryWidgetBackground, refreshAfterDate: w.refreshAfterDate ? w.refreshAfterDate.getTime() : null };
}
