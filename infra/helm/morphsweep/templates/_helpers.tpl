{{/* Resource names: <release>-morphsweep[-suffix], at most 63 characters. */}}
{{- define "morphsweep.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "morphsweep.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (api, worker-<name>, migration). */}}
{{- define "morphsweep.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image reference: image.registry/<name>:image.tag (default appVersion). */}}
{{- define "morphsweep.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .name $tag -}}
{{- else -}}
{{- printf "%s:%s" .name $tag -}}
{{- end -}}
{{- end -}}

{{- define "morphsweep.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "morphsweep.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secrets: the user's existing ones, or the one the chart makes (secret.yaml). */}}
{{- define "morphsweep.secretName" -}}{{ include "morphsweep.fullname" . }}{{- end -}}
{{- define "morphsweep.databaseSecret" -}}{{ .Values.database.existingSecret | default (include "morphsweep.secretName" .) }}{{- end -}}
{{- define "morphsweep.s3Secret" -}}{{ .Values.artifacts.s3.existingSecret | default (include "morphsweep.secretName" .) }}{{- end -}}
{{- define "morphsweep.apiTokenSecret" -}}{{ .Values.api.existingSecret | default (include "morphsweep.secretName" .) }}{{- end -}}
{{- define "morphsweep.temporalApiKeySecret" -}}{{ .Values.temporal.existingApiKeySecret | default (include "morphsweep.secretName" .) }}{{- end -}}
{{- define "morphsweep.temporalTlsSecret" -}}{{ .Values.temporal.tls.existingSecret | default (printf "%s-temporal-tls" (include "morphsweep.fullname" .)) }}{{- end -}}

{{- define "morphsweep.hasS3Credentials" -}}
{{- if or .Values.artifacts.s3.existingSecret .Values.artifacts.s3.accessKeyId -}}true{{- end -}}
{{- end -}}
{{- define "morphsweep.hasTemporalApiKey" -}}
{{- if or .Values.temporal.existingApiKeySecret .Values.temporal.apiKey -}}true{{- end -}}
{{- end -}}
{{- define "morphsweep.hasTemporalTlsFiles" -}}
{{- $t := .Values.temporal.tls -}}
{{- if or $t.existingSecret $t.cert $t.ca -}}true{{- end -}}
{{- end -}}

{{/* Where the Temporal TLS files are mounted in the pods. */}}
{{- define "morphsweep.temporalTlsDir" -}}/etc/morphsweep/temporal-tls{{- end -}}

{{/*
Fails the render with a message naming the missing value, so a misconfigured release stops at
`helm install` instead of crash-looping.
*/}}
{{- define "morphsweep.validate" -}}
{{- if not (or .Values.database.url .Values.database.existingSecret) -}}
{{- fail "database.url (a postgresql:// URL) or database.existingSecret is required" -}}
{{- end -}}
{{- if and .Values.database.url (not (regexMatch "^postgres(ql)?://" .Values.database.url)) -}}
{{- fail "database.url must be a postgresql:// URL" -}}
{{- end -}}
{{- if not (or .Values.api.token .Values.api.existingSecret) -}}
{{- fail "api.token (at least 16 characters) or api.existingSecret is required: the API listens beyond loopback" -}}
{{- end -}}
{{- if and .Values.api.token (lt (len .Values.api.token) 16) -}}
{{- fail "api.token must be at least 16 characters" -}}
{{- end -}}
{{- $t := .Values.temporal.tls -}}
{{- if and (not $t.existingSecret) (ne (empty $t.cert) (empty $t.key)) -}}
{{- fail "temporal.tls.cert and temporal.tls.key go together: set both or neither" -}}
{{- end -}}
{{- if and .Values.artifacts.s3.accessKeyId (not .Values.artifacts.s3.secretAccessKey) -}}
{{- fail "artifacts.s3.secretAccessKey is required with artifacts.s3.accessKeyId" -}}
{{- end -}}
{{- end -}}

{{/* The environment every MorphSweep process shares (docs/configuration.md). */}}
{{- define "morphsweep.commonEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ include "morphsweep.databaseSecret" . }}, key: DATABASE_URL }
{{- with .Values.database.poolMax }}
- name: DATABASE_POOL_MAX
  value: {{ . | quote }}
{{- end }}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls.enabled }}
- name: TEMPORAL_TLS
  value: "true"
{{- end }}
{{- with .Values.temporal.tls.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ . | quote }}
{{- end }}
{{- if include "morphsweep.hasTemporalTlsFiles" . }}
{{- $dir := include "morphsweep.temporalTlsDir" . }}
{{- if or .Values.temporal.tls.existingSecret .Values.temporal.tls.cert }}
- name: TEMPORAL_TLS_CERT
  value: {{ $dir }}/tls.crt
- name: TEMPORAL_TLS_KEY
  value: {{ $dir }}/tls.key
{{- end }}
{{- if or (and .Values.temporal.tls.existingSecret .Values.temporal.tls.existingSecretHasCa) .Values.temporal.tls.ca }}
- name: TEMPORAL_TLS_CA
  value: {{ $dir }}/ca.crt
{{- end }}
{{- end }}
{{- if include "morphsweep.hasTemporalApiKey" . }}
- name: TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ include "morphsweep.temporalApiKeySecret" . }}, key: TEMPORAL_API_KEY }
{{- end }}
- name: ARTIFACTS_URL
  value: {{ .Values.artifacts.url | quote }}
{{- with .Values.artifacts.s3.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: S3_REGION
  value: {{ .Values.artifacts.s3.region | quote }}
{{- with .Values.artifacts.s3.forcePathStyle }}
- name: S3_FORCE_PATH_STYLE
  value: {{ . | quote }}
{{- end }}
{{- if include "morphsweep.hasS3Credentials" . }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: { name: {{ include "morphsweep.s3Secret" . }}, key: AWS_ACCESS_KEY_ID }
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: { name: {{ include "morphsweep.s3Secret" . }}, key: AWS_SECRET_ACCESS_KEY }
{{- end }}
{{- end -}}

{{/* The Temporal TLS files as a volume and its mount (nothing without them). */}}
{{- define "morphsweep.tlsVolume" -}}
{{- if include "morphsweep.hasTemporalTlsFiles" . }}
- name: temporal-tls
  secret:
    secretName: {{ include "morphsweep.temporalTlsSecret" . }}
    defaultMode: 0440
{{- end }}
{{- end -}}
{{- define "morphsweep.tlsVolumeMount" -}}
{{- if include "morphsweep.hasTemporalTlsFiles" . }}
- name: temporal-tls
  mountPath: {{ include "morphsweep.temporalTlsDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Extra env from a map (values' env blocks), sorted for stable output. */}}
{{- define "morphsweep.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Full task-queue names of a WORKER_QUEUES list's training queues (aliases resolved). */}}
{{- define "morphsweep.trainingQueues" -}}
{{- $names := dict "gpu" "morphnet-train-gpu" "cpu" "morphnet-train-cpu" "morphnet-train-gpu" "morphnet-train-gpu" "morphnet-train-cpu" "morphnet-train-cpu" -}}
{{- $out := list -}}
{{- range splitList "," . -}}
{{- $q := trim . -}}
{{- if hasKey $names $q -}}{{- $out = append $out (get $names $q) -}}{{- end -}}
{{- end -}}
{{- $out | uniq | join "," -}}
{{- end -}}
