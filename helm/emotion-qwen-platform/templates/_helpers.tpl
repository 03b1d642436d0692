{{/* Names ------------------------------------------------------------------------------------------- */}}

{{- define "emoqwen.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* A component's object name; 40 + 1 + 16 characters stays under the 63 a label value allows. */}}
{{- define "emoqwen.name" -}}
{{- printf "%s-%s" (include "emoqwen.fullname" .root) .component -}}
{{- end -}}

{{- define "emoqwen.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "emoqwen.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Labels: call with (dict "root" $ "component" "gateway") -------------------------------------- */}}

{{- define "emoqwen.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "emoqwen.labels" -}}
{{ include "emoqwen.selectorLabels" . }}
app.kubernetes.io/part-of: emotion-qwen-platform
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Images: (dict "root" $ "module" "training-jobs" "gpus" 1); gpus absent means an app with one flavour. */}}
{{- define "emoqwen.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if hasKey . "gpus" -}}
{{- $tag = printf "%s-%s" $tag (ternary "cuda" "cpu" (gt (int .gpus) 0)) -}}
{{- end -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .module $tag -}}
{{- end -}}

{{/* Secrets: where each credential lives, either the user's Secret or the chart's own. ------------- */}}

{{- define "emoqwen.databaseSecret" -}}
{{- default (printf "%s-database" (include "emoqwen.fullname" .)) .Values.database.existingSecret -}}
{{- end -}}

{{- define "emoqwen.s3Secret" -}}
{{- default (printf "%s-s3" (include "emoqwen.fullname" .)) .Values.s3.existingSecret -}}
{{- end -}}

{{- define "emoqwen.adminSecret" -}}
{{- default (printf "%s-admin" (include "emoqwen.fullname" .)) .Values.admin.existingSecret -}}
{{- end -}}

{{- define "emoqwen.jdbcUrl" -}}
{{- with .Values.database -}}
{{- printf "jdbc:postgresql://%s:%d/%s?sslmode=%s" .host (int .port) .name .sslmode -}}
{{- end -}}
{{- end -}}

{{/* The environment every app shares: where PostgreSQL and S3 are, credentials only by secretKeyRef. */}}
{{- define "emoqwen.env" -}}
- name: EMOQWEN_DATABASE_URL
  value: {{ include "emoqwen.jdbcUrl" . | quote }}
- name: EMOQWEN_DATABASE_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ include "emoqwen.databaseSecret" . }}, key: {{ .Values.database.usernameKey }}}
- name: EMOQWEN_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "emoqwen.databaseSecret" . }}, key: {{ .Values.database.passwordKey }}}
- name: EMOQWEN_S3_ENDPOINT
  value: {{ .Values.s3.endpoint | quote }}
- name: EMOQWEN_S3_REGION
  value: {{ .Values.s3.region | quote }}
- name: EMOQWEN_S3_BUCKET
  value: {{ .Values.s3.bucket | quote }}
- name: EMOQWEN_S3_PATH_STYLE
  value: {{ .Values.s3.pathStyle | quote }}
- name: EMOQWEN_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "emoqwen.s3Secret" . }}, key: {{ .Values.s3.accessKeyKey }}}
- name: EMOQWEN_S3_SECRET_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "emoqwen.s3Secret" . }}, key: {{ .Values.s3.secretKeyKey }}}
# The root file system is read-only: local state goes to the mounted data volume.
- name: EMOQWEN_DATA_DIR
  value: /var/lib/emoqwen
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "%s -Djava.io.tmpdir=/tmp" .Values.jvm.options | quote }}
# Spring Boot enables the probe groups by itself on Kubernetes; saying so keeps them on everywhere.
- name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED
  value: "true"
- name: MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE
  value: health,info,prometheus
{{- end -}}

{{/* DJL unpacks its native PyTorch library at run time, so it needs a writable cache that stays offline. */}}
{{- define "emoqwen.djlEnv" -}}
- name: DJL_CACHE_DIR
  value: /var/cache/emoqwen/djl
- name: ENGINE_CACHE_DIR
  value: /var/cache/emoqwen/djl
- name: DJL_OFFLINE
  value: "true"
{{- end -}}

{{/* Probes on the actuator's health groups; startupSeconds bounds a slow start (JVM, weights). */}}
{{- define "emoqwen.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 5
  failureThreshold: {{ div (int (default 180 .startupSeconds)) 5 }}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{- define "emoqwen.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
# The apps never call the Kubernetes API, so no pod carries a token.
automountServiceAccountToken: false
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Where a worker with GPUs goes: the GPU pool's labels and taints. */}}
{{- define "emoqwen.gpuScheduling" -}}
nodeSelector:
  {{- toYaml .Values.gpu.nodeSelector | nindent 2 }}
tolerations:
  {{- toYaml .Values.gpu.tolerations | nindent 2 }}
{{- end -}}

{{/* A worker's resources with its GPUs added to the limits (Kubernetes sets the request to match). */}}
{{- define "emoqwen.gpuResources" -}}
{{- $resources := deepCopy .resources -}}
{{- if gt (int .gpus) 0 -}}
{{- $limits := default dict $resources.limits -}}
{{- $_ := set $limits .root.Values.gpu.resourceName (int .gpus) -}}
{{- $_ := set $resources "limits" $limits -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{/* KEDA's PostgreSQL trigger on the claimable jobs of one type family: (dict "root" $ "prefix" "training." "target" 1). */}}
{{- define "emoqwen.claimableTrigger" -}}
- type: postgresql
  metadata:
    # Counts exactly what a worker could claim now: queued, due, within each tenant's running limit.
    query: {{ printf "SELECT emoqwen_claimable_jobs('%s')" .prefix | quote }}
    targetQueryValue: {{ .target | quote }}
    host: {{ .root.Values.database.host | quote }}
    port: {{ .root.Values.database.port | quote }}
    dbName: {{ .root.Values.database.name | quote }}
    sslmode: {{ .root.Values.database.sslmode | quote }}
  authenticationRef:
    name: {{ include "emoqwen.name" (dict "root" .root "component" "autoscaling") }}
{{- end -}}
