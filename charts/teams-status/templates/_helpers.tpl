{{- define "teams-status.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "teams-status.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "teams-status.selectorLabels" -}}
app.kubernetes.io/name: {{ include "teams-status.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "teams-status.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "teams-status.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "teams-status.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "teams-status.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference; a missing or floating tag is refused rather than deployed. */}}
{{- define "teams-status.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString }}
{{- if eq $tag "latest" }}
{{- fail "image.tag must be a pinned version, not \"latest\": a rollback needs to know what it rolls back to" }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{/* PUBLIC_URL: as given, else https://<first ingress host>. */}}
{{- define "teams-status.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- printf "https://%s" (first .Values.ingress.hosts).host }}
{{- end }}
{{- end }}

{{/* Whether the chart writes a Secret of its own. */}}
{{- define "teams-status.ownSecret" -}}
{{- if and (not .Values.existingSecret) (or .Values.redis.url .Values.secrets.adminToken .Values.secrets.graph.clientSecret) }}true{{- end }}
{{- end }}

{{/* Several replicas over the embedded store would each keep their own data: refuse it. */}}
{{- define "teams-status.checkStore" -}}
{{- $many := or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled }}
{{- if and $many (not .Values.redis.url) (not .Values.existingSecret) }}
{{- fail "more than one replica needs Redis: set redis.url (or REDIS_URL in existingSecret); without Redis set replicaCount=1 and persistence.enabled=true" }}
{{- end }}
{{- if and .Values.persistence.enabled $many }}
{{- fail "persistence is for the embedded store of a single replica; with Redis leave persistence.enabled=false" }}
{{- end }}
{{- if and (eq .Values.relay.registration "closed") (not .Values.secrets.adminToken) (not .Values.existingSecret) }}
{{- fail "relay.registration=closed needs secrets.adminToken (or RELAY_ADMIN_TOKEN in existingSecret)" }}
{{- end }}
{{- end }}
