import { Application, UPDATE_PRIORITY } from 'pixi.js';
import { App } from './app/App.js';
import { type Probe, probe } from './app/probe.js';
import { endpointFor, parseUrl } from './app/urlParams.js';
import { FrameStats } from './match/FrameStats.js';
import { h } from './ui/dom.js';

/** What tests and the benchmark read from the page. */
export interface DebugHandle {
  app: App | null;
  pixi: Application;
  /** With `?floor=1`: the same per-frame measure over an empty stage (the benchmark's floor). */
  floor?: FrameStats;
  probe?: () => Probe;
}

/**
 * WebGL, unless the page says otherwise (`?renderer=canvas|webgl`) or the
 * only WebGL is a software rasteriser (SwiftShader, llvmpipe): there Pixi's
 * 2D-canvas renderer draws the same scene several times faster, because a
 * software GPU pays for every blended pixel of every full-screen layer.
 */
export function rendererPreference(search: string): 'webgl' | 'canvas' {
  const asked = new URLSearchParams(search).get('renderer');
  if (asked === 'canvas' || asked === 'webgl') return asked;
  try {
    const gl =
      document.createElement('canvas').getContext('webgl2') ??
      document.createElement('canvas').getContext('webgl');
    if (!gl) return 'canvas';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software/i.test(name) ? 'canvas' : 'webgl';
  } catch {
    return 'webgl';
  }
}

/** Creates the renderer and the app, and starts on the screen the address asks for. */
export async function boot(): Promise<void> {
  const stage = document.getElementById('stage')!;
  const ui = document.getElementById('ui')!;
  const pixi = new Application();
  try {
    await pixi.init({
      resizeTo: window,
      background: 0x0b0d12,
      antialias: false,
      autoDensity: true,
      resolution: Math.min(2, window.devicePixelRatio || 1),
      preference: rendererPreference(location.search),
    });
  } catch (e) {
    ui.replaceChildren(
      h(
        'div',
        { class: 'screen' },
        h(
          'div',
          { class: 'card' },
          h('h1', { class: 'error-title' }, 'This browser cannot draw the game'),
          h('p', null, String(e)),
        ),
      ),
    );
    return;
  }
  stage.append(pixi.canvas);
  const params = parseUrl(location.search);
  if (new URLSearchParams(location.search).has('floor')) {
    const floor = new FrameStats();
    pixi.ticker.add(() => floor.begin(performance.now()), undefined, UPDATE_PRIORITY.HIGH);
    pixi.ticker.add(() => floor.end(performance.now()), undefined, UPDATE_PRIORITY.UTILITY);
    (window as unknown as { __lm: DebugHandle }).__lm = { app: null, pixi, floor };
    return;
  }
  const app = new App(pixi, ui, endpointFor(params.server, location), params);
  (window as unknown as { __lm: DebugHandle }).__lm = { app, pixi, probe: () => probe(app) };
  app.start();
}
