/**
 * The protocol's messages by name: which schema file defines each, and the generated type a
 * valid value of it has. The names are the schemas' titles, so they match `types.ts`.
 */
import type * as T from './types.js';

/** Message name → its schema file in conformance/protocol/. */
export const SCHEMAS = {
  ResetRequest: 'reset-request.schema.json',
  ResetReply: 'reset-reply.schema.json',
  PlanRequest: 'plan-request.schema.json',
  PlanReply: 'plan-reply.schema.json',
  StepRequest: 'step-request.schema.json',
  StepReply: 'step-reply.schema.json',
  CollectRequest: 'collect-request.schema.json',
  CollectReply: 'collect-reply.schema.json',
  CrashRequest: 'crash-request.schema.json',
  CrashReply: 'crash-reply.schema.json',
  ObserveRequest: 'observe-request.schema.json',
  ObserveReply: 'observe-reply.schema.json',
  ErrorReply: 'error-reply.schema.json',
  Plan: 'plan.schema.json',
  ProtocolConstants: 'constants.schema.json',
  Observation: 'observation.schema.json',
  PlanEvent: 'plan-event.schema.json',
  PickEvent: 'pick-event.schema.json',
  WriteEvent: 'write-event.schema.json',
  CleanEvent: 'clean-event.schema.json',
  CollectEvent: 'collect-event.schema.json',
  CrashEvent: 'crash-event.schema.json',
  IdleEvent: 'idle-event.schema.json',
  Command: 'command.schema.json',
  HistoryHeader: 'history-header.schema.json',
  HistoryStep: 'history-step.schema.json',
  HistoryError: 'history-error.schema.json',
  HistoryFooter: 'history-footer.schema.json',
  HistoryArchiveRun: 'history-archive-run.schema.json',
  ScheduleFile: 'schedules.schema.json',
} as const;

/** A protocol message's name, e.g. `StepReply`. */
export type MessageName = keyof typeof SCHEMAS;

/** Message name → the generated type of a valid message of that name. */
export interface Messages {
  ResetRequest: T.ResetRequest;
  ResetReply: T.ResetReply;
  PlanRequest: T.PlanRequest;
  PlanReply: T.PlanReply;
  StepRequest: T.StepRequest;
  StepReply: T.StepReply;
  CollectRequest: T.CollectRequest;
  CollectReply: T.CollectReply;
  CrashRequest: T.CrashRequest;
  CrashReply: T.CrashReply;
  ObserveRequest: T.ObserveRequest;
  ObserveReply: T.ObserveReply;
  ErrorReply: T.ErrorReply;
  Plan: T.Plan;
  ProtocolConstants: T.ProtocolConstants;
  Observation: T.Observation;
  PlanEvent: T.PlanEvent;
  PickEvent: T.PickEvent;
  WriteEvent: T.WriteEvent;
  CleanEvent: T.CleanEvent;
  CollectEvent: T.CollectEvent;
  CrashEvent: T.CrashEvent;
  IdleEvent: T.IdleEvent;
  Command: T.Command;
  HistoryHeader: T.HistoryHeader;
  HistoryStep: T.HistoryStep;
  HistoryError: T.HistoryError;
  HistoryFooter: T.HistoryFooter;
  HistoryArchiveRun: T.HistoryArchiveRun;
  ScheduleFile: T.ScheduleFile;
}

/** Where the schemas live on the (notional) web: every `$id` is this base plus the file name. */
export const SCHEMA_BASE = 'https://dnsplan.dev/protocol/v1/';
