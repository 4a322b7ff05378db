{{/* ConfigMap data of the ingest service (radflow-common.configmap adds the shared settings). */}}
{{- define "ingest.config" -}}
{{ include "radflow-common.archiveConfig" . }}
# DICOM receiver: called AE title and the calling AE allow-list of the default AE
RADFLOW_DICOM_PORT: "11112"
RADFLOW_AE_TITLE: {{ .Values.dicom.aeTitle | quote }}
RADFLOW_CALLING_AE_TITLES: {{ join "," .Values.dicom.acceptedCallingAeTitles | quote }}
RADFLOW_DICOM_USER_IDENTITY: {{ .Values.dicom.userIdentity | quote }}
RADFLOW_INGEST_DICOM_MAX_ASSOCIATIONS: {{ .Values.dicom.maxAssociations | quote }}
RADFLOW_INGEST_DICOM_SHUTDOWN_GRACE: {{ printf "%dS" (int .Values.dicom.shutdownGraceSeconds) | quote }}
RADFLOW_INGEST_DICOM_PLAIN_ENABLED: {{ .Values.dicom.plainEnabled | quote }}
{{- with .Values.dicom.tls }}
# DICOM TLS: key store and CAs mounted from Secrets (the password comes from the Secret as env)
RADFLOW_DICOM_TLS_ENABLED: {{ .enabled | quote }}
{{- if .enabled }}
RADFLOW_DICOM_TLS_PORT: "2762"
RADFLOW_DICOM_TLS_KEY_STORE: {{ printf "/etc/radflow/dicom-tls/key/%s" .keyStoreKey | quote }}
RADFLOW_INGEST_DICOM_TLS_CLIENT_AUTH: {{ .clientAuth | quote }}
{{- if .trustStoreSecret }}
RADFLOW_DICOM_TLS_TRUST_STORE: {{ printf "/etc/radflow/dicom-tls/ca/%s" .trustStoreKey | quote }}
{{- end }}
{{- end }}
{{- end }}
# DICOMweb root announced in RetrieveURL, BulkDataURI and the study events (the labeling service)
RADFLOW_INGEST_RETRIEVE_BASE_URL: {{ include "ingest.retrieveBaseUrl" . | quote }}
{{- end -}}

{{- define "ingest.retrieveBaseUrl" -}}
{{- if .Values.global.publicUrl -}}
{{- printf "%s/dicomweb" (trimSuffix "/" .Values.global.publicUrl) -}}
{{- else -}}
{{- printf "http://%s:8080/dicomweb" (include "radflow-common.serviceName" (list . "labeling")) -}}
{{- end -}}
{{- end -}}
