{{/* ConfigMap data of the inference service (radflow-common.configmap adds the shared settings). */}}
{{- define "inference.config" -}}
# the model plug-ins: baked into the image at /models, or a volume mounted there (models.volume)
RADFLOW_INFERENCE_MODEL_DIR: "/models"
RADFLOW_INFERENCE_WORKERS: {{ .Values.workers | quote }}
RADFLOW_INFERENCE_INTRA_OP_THREADS: {{ .Values.intraOpThreads | quote }}
RADFLOW_INFERENCE_MAX_PENDING_JOBS: {{ .Values.maxPendingJobs | quote }}
# one source for the service and the KEDA trigger
RADFLOW_INFERENCE_CONSUMER_GROUP: {{ .Values.kafka.consumerGroup | quote }}
RADFLOW_INFERENCE_STUDY_EVENTS_TOPIC: {{ .Values.kafka.topic | quote }}
# series are read from the labeling service (WADO-RS), results stored into ingest (STOW-RS)
RADFLOW_INFERENCE_DICOMWEB_URL: {{ printf "http://%s:8080/dicomweb" (include "radflow-common.serviceName" (list . "labeling")) | quote }}
RADFLOW_INFERENCE_DICOMWEB_STOW_URL: {{ printf "http://%s:8081/dicomweb" (include "radflow-common.serviceName" (list . "ingest")) | quote }}
{{- end -}}

{{/* The models volume, when models.volume is set (otherwise the image's /models). */}}
{{- define "inference.modelVolumes" -}}
{{- with .Values.models.volume }}
- name: models
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "inference.modelMounts" -}}
{{- if .Values.models.volume }}
- name: models
  mountPath: /models
  readOnly: true
{{- end }}
{{- end -}}
