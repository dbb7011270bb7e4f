/**
 * The wire types of protocol v1, inferred from the zod schemas at compile time. These are
 * type-only imports: nothing from zod reaches a bundle that imports `@fankui/core`.
 */
import type { z } from 'zod';
import type * as schema from './schema/index';

/** A submission as the server reads it (defaults applied). */
export type Submission = z.output<typeof schema.Submission>;
/** A submission as a client may send it (optional fields may be left out). */
export type SubmissionInput = z.input<typeof schema.Submission>;
export type SubmissionContext = z.output<typeof schema.SubmissionContext>;
export type SubmissionBatch = z.input<typeof schema.SubmissionBatch>;
export type SubmissionResult = z.output<typeof schema.SubmissionResult>;
export type SubmissionBatchResponse = z.output<typeof schema.SubmissionBatchResponse>;
export type Acknowledgement = z.output<typeof schema.Acknowledgement>;
export type RejectionReason = z.output<typeof schema.RejectionReason>;
export type AttachmentCreated = z.output<typeof schema.AttachmentCreated>;

export type Actor = z.output<typeof schema.Actor>;
export type TimelineEvent = z.output<typeof schema.TimelineEvent>;
export type Rating = z.output<typeof schema.Rating>;
export type TicketSummary = z.output<typeof schema.TicketSummary>;
export type TicketDetail = z.output<typeof schema.TicketDetail>;
export type TicketList = z.output<typeof schema.TicketList>;
export type MessageCreate = z.input<typeof schema.MessageCreate>;
export type RatingCreate = z.input<typeof schema.RatingCreate>;
export type ReopenRequest = z.input<typeof schema.ReopenRequest>;

export type RemoteConfig = z.output<typeof schema.RemoteConfig>;
export type SlaPromises = z.output<typeof schema.SlaPromises>;
export type SubscribeTemplates = z.output<typeof schema.SubscribeTemplates>;
export type DeflectionCreate = z.input<typeof schema.DeflectionCreate>;
export type ReporterExport = z.output<typeof schema.ReporterExport>;
export type KnownIssueNotice = z.output<typeof schema.KnownIssueNotice>;
export type AdminAlert = z.output<typeof schema.AdminAlert>;

export type AdminTicketSummary = z.output<typeof schema.AdminTicketSummary>;
export type AdminTicketDetail = z.output<typeof schema.AdminTicketDetail>;
export type AdminTicketList = z.output<typeof schema.AdminTicketList>;
export type AdminTicketListQuery = z.input<typeof schema.AdminTicketListQuery>;
export type AdminTicketPatch = z.input<typeof schema.AdminTicketPatch>;
export type AdminReply = z.input<typeof schema.AdminReply>;
export type AdminNote = z.input<typeof schema.AdminNote>;
export type AdminAdopt = z.input<typeof schema.AdminAdopt>;
export type AdminStats = z.output<typeof schema.AdminStats>;
export type TicketChannel = z.output<typeof schema.TicketChannelSchema>;
export type AdminTicketCreate = z.input<typeof schema.AdminTicketCreate>;
export type AdminReveal = z.input<typeof schema.AdminReveal>;
export type AdminMerge = z.input<typeof schema.AdminMerge>;
export type AdminRelatedTickets = z.output<typeof schema.AdminRelatedTickets>;
export type AdminChange = z.output<typeof schema.AdminChange>;
export type AdminChanges = z.output<typeof schema.AdminChanges>;
export type AdminSettings = z.output<typeof schema.AdminSettings>;
export type AdminSettingsPatch = z.input<typeof schema.AdminSettingsPatch>;
export type Team = z.output<typeof schema.TeamSchema>;
export type RoutingRule = z.output<typeof schema.RoutingRuleSchema>;
export type RoutingSettings = z.output<typeof schema.RoutingSettings>;
export type AdminSession = z.output<typeof schema.AdminSession>;
export type OperatorTokenInfo = z.output<typeof schema.OperatorTokenInfo>;
export type OperatorTokenCreated = z.output<typeof schema.OperatorTokenCreated>;

export type ErrorBody = z.output<typeof schema.ErrorBody>;
export type ValidationIssue = z.output<typeof schema.ValidationIssue>;
