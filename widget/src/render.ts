import { renderAccessory } from './render-accessory';
import { renderHomeNotice, renderHomeStatus } from './render-home';
import type { Family } from './render-parts';
import type { WidgetModel } from './view-model';

/** Model → a ListWidget for one family; the only place that decides layout per family. */
export function renderWidget(model: WidgetModel, family: Family): ListWidget {
  const w = new ListWidget();
  if (family === 'accessoryCircular' || family === 'accessoryRectangular' || family === 'accessoryInline') {
    renderAccessory(w, model, family);
  } else {
    const home = family === 'extraLarge' ? 'large' : family;
    if (model.kind === 'status') renderHomeStatus(w, model, home);
    else renderHomeNotice(w, model, home);
  }
  if (model.url) w.url = model.url;
  w.refreshAfterDate = model.refreshAfter;
  return w;
}
