{{/*
The service's ConfigMap: the shared settings, then the chart's own "<chart>.config" template,
then .Values.extraEnv (plain, non-secret settings; a Secret's value never goes here).
*/}}
{{- define "radflow-common.configData" -}}
{{ include "radflow-common.sharedConfig" . }}
{{ include (printf "%s.config" .Chart.Name) . }}
{{- range $k, $v := .Values.extraEnv }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

{{- define "radflow-common.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "radflow-common.fullname" . }}
  labels:
    {{- include "radflow-common.labels" . | nindent 4 }}
data:
  {{- include "radflow-common.configData" . | nindent 2 }}
{{- end -}}
