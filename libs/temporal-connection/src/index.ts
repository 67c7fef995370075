export {
  checkTemporalSettings,
  temporalSettingsShape,
  usesTls,
  type TemporalSettings,
} from './lib/temporal-settings';
export {
  describeTemporalSecurity,
  temporalConnectionOptions,
  TemporalTlsFileError,
  type TemporalConnectionOptions,
} from './lib/connection-options';
