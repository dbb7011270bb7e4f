export {
  DEFAULT_SLA_POLICY,
  acknowledgementText,
  formatDuration,
  slaDueTimes,
  slaState,
  validateSlaPolicy,
  type SlaClockState,
  type SlaErrorCode,
  type SlaPolicy,
  type SlaState,
  type SlaTicket,
} from './sla';
