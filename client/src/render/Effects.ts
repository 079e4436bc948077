import { Container, Graphics } from 'pixi.js';
import type { GameEventType } from '../../../shared/sim/types.js';
import { BLADE, PISTOL, SHOTGUN } from '../../../shared/tuning.js';
import type { FxEvent } from '../contract/frame.js';
import { COLORS, TILE } from './palette.js';

interface Fx {
  g: Graphics;
  age: number;
  life: number;
  grow: number;
}

const MAX_FX = 64;

/**
 * Short-lived drawings for what just happened: shot tracers and cones, blade
 * swings, hits, people going down, doors opening, the T-1000 melting. Pooled;
 * each fades out over its life.
 */
export class Effects {
  readonly container = new Container();
  private readonly live: Fx[] = [];
  private readonly pool: Graphics[] = [];

  private take(): Graphics {
    const g = this.pool.pop() ?? new Graphics();
    g.clear();
    g.alpha = 1;
    g.scale.set(1);
    g.rotation = 0;
    g.visible = true;
    this.container.addChild(g);
    return g;
  }

  private add(g: Graphics, life: number, grow = 0): void {
    if (this.live.length >= MAX_FX) this.retire(0);
    this.live.push({ g, age: 0, life, grow });
  }

  private retire(i: number): void {
    const [fx] = this.live.splice(i, 1);
    fx.g.visible = false;
    this.container.removeChild(fx.g);
    this.pool.push(fx.g);
  }

  /** Draws the effect of one event, if it has one. */
  spawn(e: FxEvent): void {
    const x = e.x * TILE;
    const y = e.y * TILE;
    switch (e.type) {
      case 'shot': {
        const g = this.take();
        g.position.set(x, y);
        g.rotation = e.value;
        const cone = e.cone ?? false;
        const range = (e.range || (cone ? SHOTGUN.range : PISTOL.range)) * TILE;
        if (cone) {
          const half = ((SHOTGUN.coneDeg / 2) * Math.PI) / 180;
          g.moveTo(0, 0)
            .arc(0, 0, range, -half, half)
            .closePath()
            .fill({ color: COLORS.shotgun, alpha: 0.22 });
          for (let k = -2; k <= 2; k++) {
            const a = (k / 2) * half;
            g.moveTo(0, 0)
              .lineTo(Math.cos(a) * range, Math.sin(a) * range)
              .stroke({ width: 1.5, color: COLORS.shotgun, alpha: 0.8 });
          }
        } else {
          g.moveTo(0, 0).lineTo(range, 0).stroke({ width: 2, color: COLORS.pistol, alpha: 0.95 });
        }
        g.circle(14, 0, 7).fill({ color: 0xfff6d0, alpha: 0.9 });
        this.add(g, 0.28);
        break;
      }
      case 'strike': {
        const g = this.take();
        g.position.set(x, y);
        g.rotation = e.value;
        const half = ((BLADE.arcDeg / 2) * Math.PI) / 180;
        const r = BLADE.range * TILE;
        g.arc(0, 0, r, -half, half).stroke({ width: 5, color: 0xe8f1ff, alpha: 0.95 });
        g.arc(0, 0, r * 0.8, -half * 0.8, half * 0.8).stroke({ width: 2, color: 0x9fb4c8, alpha: 0.8 });
        this.add(g, 0.22, 0.3);
        break;
      }
      case 'hit':
      case 'shot-hit': {
        const g = this.take();
        g.position.set(x, y);
        const color = e.type === 'hit' ? 0xff3b3b : 0xc9d6e3;
        for (let i = 0; i < 8; i++) {
          const a = (i / 8) * Math.PI * 2;
          g.moveTo(Math.cos(a) * 6, Math.sin(a) * 6)
            .lineTo(Math.cos(a) * 16, Math.sin(a) * 16)
            .stroke({ width: 2.5, color });
        }
        this.add(g, 0.35, 0.8);
        break;
      }
      case 'downed':
      case 'eliminated':
      case 'destroyed':
      case 'alarm':
      case 'objective':
      case 'melt':
      case 'reform':
      case 'mimic':
      case 'unmask':
      case 'revived':
      case 'crate': {
        const g = this.take();
        g.position.set(x, y);
        g.circle(0, 0, 14).stroke({ width: 3, color: ringColor(e.type) });
        this.add(g, 0.6, 2.2);
        break;
      }
      default:
        break;
    }
  }

  /** Ages every effect by `dt` seconds. */
  update(dt: number): void {
    for (let i = this.live.length - 1; i >= 0; i--) {
      const fx = this.live[i];
      fx.age += dt;
      if (fx.age >= fx.life) {
        this.retire(i);
        continue;
      }
      const k = fx.age / fx.life;
      fx.g.alpha = 1 - k * k;
      if (fx.grow > 0) fx.g.scale.set(1 + fx.grow * k);
    }
  }

  get count(): number {
    return this.live.length;
  }
}

function ringColor(type: GameEventType): number {
  switch (type) {
    case 'downed':
    case 'eliminated':
      return COLORS.downed;
    case 'alarm':
      return COLORS.alarm;
    case 'objective':
      return COLORS.terminal;
    case 'revived':
    case 'crate':
      return COLORS.extraction;
    case 'destroyed':
      return COLORS.steelHot;
    default:
      return 0xc9d6e3;
  }
}
