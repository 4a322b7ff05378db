{{/* ConfigMap data of the quantification service (radflow-common.configmap adds the shared settings). */}}
{{- define "quantification.config" -}}
# one source for the service and the KEDA trigger
RADFLOW_QUANTIFICATION_CONSUMER_GROUP: {{ .Values.kafka.consumerGroup | quote }}
RADFLOW_QUANTIFICATION_INFERENCE_EVENTS_TOPIC: {{ .Values.kafka.topic | quote }}
# SEG and slices read from the labeling service (WADO-RS), the SR stored into ingest (STOW-RS)
RADFLOW_QUANTIFICATION_DICOMWEB_URL: {{ printf "http://%s:8080/dicomweb" (include "radflow-common.serviceName" (list . "labeling")) | quote }}
RADFLOW_QUANTIFICATION_DICOMWEB_STOW_URL: {{ printf "http://%s:8081/dicomweb" (include "radflow-common.serviceName" (list . "ingest")) | quote }}
# CORS: the labeling web app (/label/) on the public host, or the origins given
{{- if .Values.corsOrigins }}
RADFLOW_CORS_ORIGINS: {{ join "," .Values.corsOrigins | quote }}
{{- else if .Values.global.publicUrl }}
RADFLOW_CORS_ORIGINS: {{ regexFind "^https?://[^/]+" .Values.global.publicUrl | quote }}
{{- end }}
{{- end -}}
