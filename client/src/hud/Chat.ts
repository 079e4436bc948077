import { CHAT_MAX, type ChatLine } from '../../../shared/protocol.js';
import { ROLE_NAMES, type Role } from '../../../shared/roles.js';
import { h } from '../ui/dom.js';

/**
 * Chat in the match and the lobby: Enter opens the line, Enter sends,
 * Escape closes, Tab switches between everyone and the own team.
 */
export class Chat {
  readonly el: HTMLElement;
  private readonly lines = h('div', { class: 'chat-lines' });
  private readonly input: HTMLInputElement;
  private team = false;

  constructor(private readonly send: (text: string, team: boolean) => void) {
    this.input = h('input', {
      type: 'text',
      id: 'chat-input',
      maxlength: CHAT_MAX,
      placeholder: 'to everyone — Tab: team',
    });
    this.input.style.display = 'none';
    this.input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') {
        const text = this.input.value.trim();
        if (text) this.send(text, this.team);
        this.close();
      } else if (e.key === 'Escape') {
        this.close();
      } else if (e.key === 'Tab') {
        e.preventDefault();
        this.team = !this.team;
        this.input.placeholder = this.team ? 'to your team — Tab: everyone' : 'to everyone — Tab: team';
      }
    });
    this.input.addEventListener('blur', () => this.close());
    this.el = h('div', { class: 'hud-chat' }, this.lines, this.input);
  }

  get open(): boolean {
    return this.input.style.display !== 'none';
  }

  /** Opens the chat line and focuses it. */
  openLine(): void {
    this.input.style.display = '';
    this.input.focus();
  }

  private close(): void {
    this.input.value = '';
    this.input.style.display = 'none';
    this.input.blur();
  }

  /** A line from the server. */
  receive(line: ChatLine): void {
    const who = line.role ? `${line.name} (${ROLE_NAMES[line.role as Role] ?? line.role})` : line.name;
    const el = h(
      'div',
      { class: 'chat-line' },
      line.team ? '[team] ' : '',
      h('b', null, who),
      ': ',
      line.text,
    );
    this.lines.append(el);
    setTimeout(() => el.remove(), 12000);
    while (this.lines.childElementCount > 6) this.lines.firstElementChild?.remove();
  }
}
