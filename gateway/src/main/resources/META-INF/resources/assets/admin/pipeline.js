/**
 * The pipeline kanban: a column per stage, a card per live partner (tier badge, proposal views,
 * last touch). A card moves by HTML5 drag and drop or, from the keyboard, by its "Move to" menu;
 * either way PUT /api/partners/{id}/stage decides, and a refused move shows the API's reason.
 */
import { el, replace, toast, alertBox } from '/assets/dom.js';
import { get, put } from '/assets/api.js';
import { screen, tierBadge, day, stageLabel } from './common.js';

let board;
let status;

export async function render() {
  const main = screen('Pipeline',
    el('p', { class: 'pp-muted', id: 'kanban-help' },
      'Drag a card to another column, or use its "Move to" menu. Close a deal won, lost or stalled on the partner\'s page.'));
  status = el('div', { id: 'kanban-status', 'aria-live': 'assertive' });
  board = el('div', { class: 'board', id: 'kanban' });
  main.append(status, board);
  await draw();
}

async function draw() {
  const pipeline = await get('/api/pipeline');
  const stages = pipeline.columns.map(c => [c.stage, c.label]);
  replace(board, pipeline.columns.map(column => {
    const list = el('ul', { class: 'cards', 'aria-label': `${column.label}: ${column.count} partner(s)` },
      column.cards.map(c => cardOf(c, column, stages)));
    const section = el('section', { class: 'column', dataset: { stage: column.stage }, 'aria-labelledby': `col-${column.stage}` },
      el('h2', { id: `col-${column.stage}` }, el('span', {}, column.label), el('span', { class: 'pp-muted' }, String(column.count))),
      list);
    section.addEventListener('dragover', event => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      section.classList.add('drop-target');
    });
    section.addEventListener('dragleave', () => section.classList.remove('drop-target'));
    section.addEventListener('drop', async event => {
      event.preventDefault();
      section.classList.remove('drop-target');
      const [id, name, from] = (event.dataTransfer.getData('text/plain') || '').split('\n');
      if (id && from !== column.stage) {
        await move(id, name, column.stage);
      }
    });
    return section;
  }));
}

function cardOf(c, column, stages) {
  const menu = el('select', { 'aria-label': `Move ${c.name} to`, name: 'target' },
    el('option', { value: '' }, 'Move to…'),
    stages.filter(([s]) => s !== column.stage).map(([s, label]) => el('option', {
      value: s,
    }, column.allowedMoves.includes(s) ? label : `${label} (not allowed)`)));
  const go = el('button', { type: 'button', class: 'secondary' }, 'Move');
  go.addEventListener('click', async () => {
    if (menu.value) {
      await move(c.id, c.name, menu.value);
    }
  });
  const item = el('li', {
    class: 'card', draggable: 'true', dataset: { id: c.id, name: c.name }, 'aria-describedby': 'kanban-help',
  },
  el('a', { class: 'name', href: `/admin/partners/${encodeURIComponent(c.id)}` }, c.name),
  el('div', { class: 'meta' }, tierBadge(c.tier), el('span', {}, `${c.proposalViews} proposal visit(s)`),
    el('span', {}, `last touch ${day(c.lastTouchAt)}`)),
  el('div', { class: 'move' }, menu, go));
  item.addEventListener('dragstart', event => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', `${c.id}\n${c.name}\n${column.stage}`);
    item.setAttribute('aria-grabbed', 'true');
  });
  item.addEventListener('dragend', () => item.removeAttribute('aria-grabbed'));
  return item;
}

async function move(id, name, stage) {
  replace(status);
  try {
    await put(`/api/partners/${encodeURIComponent(id)}/stage`, { stage });
    toast(`${name} moved to ${stageLabel(stage)}.`, 'success');
    await draw();
    const card = board.querySelector(`[data-id="${CSS.escape(id)}"] a`);
    if (card) {
      card.focus();
    }
  } catch (e) {
    const allowed = e.problem && Array.isArray(e.problem.allowedMoves) ? e.problem.allowedMoves : null;
    const reason = e.detail || e.title || 'The move was refused.';
    replace(status, alertBox(allowed
      ? `${reason}. From here ${name} can move to: ${allowed.map(stageLabel).join(', ') || 'nowhere (archive it instead)'}.`
      : reason));
  }
}
