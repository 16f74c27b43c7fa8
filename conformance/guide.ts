/**
 * Spec-guided schedules: drive the implementation online toward the spec's transitions (or
 * states) that no history has gone through yet. After every step the runner maps what it
 * observed to a spec state (the refinement the history checker already does); the guide
 * then plans, over the spec's reachable graph, the shortest sequence of commands from there
 * to an uncovered transition, and sends the first command of it.
 *
 * A command does not always decide the spec step: `step:b` may write any endpoint b has
 * still to write, and the implementation chooses. The plan is made over every successor a
 * command can lead to, and remade from wherever the implementation actually went. A
 * transition aimed at several times and never taken is set aside as unsteerable, with the
 * reason, so that the run does not aim at it forever. When the nearest uncovered transition
 * is closer from the initial state than from here, the guide ends the schedule, and the next
 * run starts from a reset.
 */
import type { State } from '../spec/index.js';
import type { Coverage } from './coverage.js';
import type { Command } from './protocol/index.js';
import { commandOf } from './schedule-file.js';

export type CoverageGoal = 'transitions' | 'states';

/** How often a transition is aimed at before it is set aside as unsteerable. */
const ATTEMPTS = 3;

export class Guide {
  /** The command that asks for each action instance. */
  private readonly commands: Command[];
  /** Each transition's source state, and the transitions into each state (`into` from `intoStart[s]`). */
  private readonly source: Int32Array;
  private readonly intoStart: Int32Array;
  private readonly into: Int32Array;
  /**
   * Commands from each state to the nearest goal transition, as of the last time it was
   * computed (a reverse breadth-first search from every state with one). Goals only go away,
   * so between computations it can only be too low: following it down reaches a state that
   * had a goal, and only when that goal is gone is it computed again.
   */
  private readonly dist: Int32Array;
  private readonly queue: Int32Array;
  /** Times each transition was aimed at and not taken; at ATTEMPTS it is blocked: neither a goal nor a way to one. */
  private readonly misses = new Map<number, number>();
  private readonly blocked: Uint8Array;
  /** The transition the last command aimed at, or -1. */
  private aimed = -1;
  /** Commands sent since the last reset. */
  private sent = 0;

  constructor(
    readonly coverage: Coverage,
    readonly goal: CoverageGoal,
    /** The most commands one schedule sends. */
    readonly length: number,
    /** What ending a schedule costs in steps (the reset, and the fair tail the runner adds for liveness). */
    readonly resetCost = 1,
  ) {
    const { graph } = coverage;
    // The spec names enactors a, b, c, ... as the harness does; its first argument is the enactor.
    this.commands = graph.spec.actions.map((a) => commandOf(a.name, a.args[0]));
    const V = graph.states;
    const E = graph.transitions;
    this.source = new Int32Array(E);
    for (let s = 0; s < V; s++) for (let t = graph.start[s]!; t < graph.start[s + 1]!; t++) this.source[t] = s;
    this.intoStart = new Int32Array(V + 1);
    for (let t = 0; t < E; t++) this.intoStart[graph.to[t]! + 1]!++;
    for (let s = 0; s < V; s++) this.intoStart[s + 1]! += this.intoStart[s]!;
    const fill = this.intoStart.slice(0, V);
    this.into = new Int32Array(E);
    for (let t = 0; t < E; t++) this.into[fill[graph.to[t]!]!++] = t;
    this.blocked = new Uint8Array(E);
    this.dist = new Int32Array(V);
    this.queue = new Int32Array(V);
    this.compute();
  }

  /** Whether there is nothing left to aim at. */
  get done(): boolean {
    if (this.coverage.complete(this.goal)) return true;
    if (this.dist[0]! < 0) return true;
    return false;
  }

  /**
   * The next command from spec state `s` (`undefined` once the history has left the spec),
   * or `undefined` to end this schedule: nothing left to cover, or a reset is the shorter way.
   */
  next(s: State | undefined): Command | undefined {
    if (s === undefined) return undefined;
    const here = this.coverage.graph.id(s);
    if (here < 0) return undefined;
    this.judgeAim(here);
    if (this.sent >= this.length) return undefined;
    let t = this.choose(here);
    if (t === -2) {
      this.compute();
      t = this.choose(here);
    }
    if (t < 0) return undefined;
    // A reset and the path from the initial state is shorter than the way from here.
    if (here !== 0 && this.dist[0]! >= 0 && this.dist[0]! + this.resetCost < this.dist[here]!) return undefined;
    this.aimed = t;
    this.sent++;
    return this.commands[this.coverage.graph.action[t]!];
  }

  /** Starts a new schedule: the implementation has just been reset. */
  restart(): void {
    this.aimed = -1;
    this.sent = 0;
  }

  /** A transition from `here` one step down the distance field; -1 when no goal is reachable, -2 when the field is stale here. */
  private choose(here: number): number {
    const { start, to } = this.coverage.graph;
    const d = this.dist[here]!;
    if (d < 0) return -1;
    if (d === 0) {
      // Of the goals here, the one that leads nearest to the next goal: a schedule is a path
      // through a graph that mostly only goes forward, so it should take as many as it can.
      let best = -2;
      let next = Number.POSITIVE_INFINITY;
      for (let t = start[here]!; t < start[here + 1]!; t++) {
        if (!this.isGoal(t)) continue;
        const after = this.dist[to[t]!]! < 0 ? Number.MAX_SAFE_INTEGER : this.dist[to[t]!]!;
        if (after < next) {
          best = t;
          next = after;
        }
      }
      return best;
    }
    for (let t = start[here]!; t < start[here + 1]!; t++) if (this.blocked[t] === 0 && this.dist[to[t]!] === d - 1) return t;
    return -2;
  }

  /** The distance field from the goals as they are now. */
  private compute(): void {
    const { dist, queue, into, intoStart, source } = this;
    const { start } = this.coverage.graph;
    dist.fill(-1);
    let tail = 0;
    for (let s = 0; s < dist.length; s++) {
      for (let t = start[s]!; t < start[s + 1]!; t++) {
        if (this.isGoal(t)) {
          dist[s] = 0;
          queue[tail++] = s;
          break;
        }
      }
    }
    for (let head = 0; head < tail; head++) {
      const n = queue[head]!;
      for (let i = intoStart[n]!; i < intoStart[n + 1]!; i++) {
        if (this.blocked[into[i]!] === 1) continue;
        const s = source[into[i]!]!;
        if (dist[s]! >= 0) continue;
        dist[s] = dist[n]! + 1;
        queue[tail++] = s;
      }
    }
  }

  /**
   * After a command: when the implementation went elsewhere than the transition aimed at,
   * count the miss; a transition missed ATTEMPTS times is blocked, and reported when it was
   * never covered.
   */
  private judgeAim(here: number): void {
    const t = this.aimed;
    this.aimed = -1;
    const { graph } = this.coverage;
    if (t < 0 || graph.to[t] === here) return;
    const misses = (this.misses.get(t) ?? 0) + 1;
    this.misses.set(t, misses);
    if (misses < ATTEMPTS) return;
    this.blocked[t] = 1;
    this.coverage.generation++;
    if (this.coverage.takenTransitions[t] === 1) return;
    const a = graph.spec.actions[graph.action[t]!]!;
    const c = this.commands[graph.action[t]!]!;
    const how = c.kind === 'step' || c.kind === 'crash' ? `${c.kind}:${c.enactor}` : c.kind;
    this.coverage.unsteerable.set(
      t,
      `asked ${ATTEMPTS} times with ${how} where the spec allows ${a.name} among other steps, the implementation always chose another (the command cannot choose for it)`,
    );
  }

  private isGoal(t: number): boolean {
    const { coverage } = this;
    if (this.blocked[t] === 1) return false;
    return this.goal === 'transitions' ? coverage.takenTransitions[t] === 0 : coverage.visitedStates[coverage.graph.to[t]!] === 0;
  }
}
