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

{{/*
A second ConfigMap, "<fullname>-properties", holding an application.properties for what environment
variables cannot express (map keys in quotes, e.g. radflow.ingest.dicom.called-aes."RADFLOW_CT".*).
radflow-common.deployment mounts it at /deployments/config when given the same text: Quarkus reads
config/application.properties of its working directory (/deployments) with ordinal 260, above the
application's own file and below the environment. Call with (dict "root" $ "properties" $text).
*/}}
{{- define "radflow-common.propertiesConfigmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "radflow-common.fullname" .root }}-properties
  labels:
    {{- include "radflow-common.labels" .root | nindent 4 }}
data:
  application.properties: |
    {{- .properties | nindent 4 }}
{{- end -}}
