{{/* The HTTP Service (ClusterIP) of a service: port "http" = the container's HTTP port. */}}
{{- define "radflow-common.service" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "radflow-common.fullname" $root }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "radflow-common.selectorLabels" $root | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* PodDisruptionBudget over all pods of the service (CPU and GPU Deployments together). */}}
{{- define "radflow-common.pdb" -}}
{{- $root := . -}}
{{- if .Values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "radflow-common.fullname" $root }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
spec:
  {{- if hasKey .Values.pdb "minAvailable" }}
  minAvailable: {{ .Values.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ default 1 .Values.pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "radflow-common.selectorLabels" $root | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
NetworkPolicy: ingress to the HTTP port from the pods of this release (services call each other),
from global.networkPolicy.allowedFrom (e.g. the monitoring or ingress controller namespace) and from
the service's networkPolicy.allowedFrom; .extraRules (YAML list string) adds rules (ingest's DICOM port).
Egress is not restricted (PostgreSQL, Kafka, Keycloak may be outside the cluster).
*/}}
{{- define "radflow-common.networkpolicy" -}}
{{- $root := .root -}}
{{- if $root.Values.global.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "radflow-common.fullname" $root }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "radflow-common.selectorLabels" $root | nindent 6 }}
  policyTypes: ["Ingress"]
  ingress:
    - ports:
        - port: http
          protocol: TCP
      from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ $root.Release.Name }}
              app.kubernetes.io/part-of: radflow
        {{- with $root.Values.global.networkPolicy.allowedFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $root.Values.networkPolicy.allowedFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    {{- with .extraRules }}
    {{- . | trim | nindent 4 }}
    {{- end }}
{{- end }}
{{- end -}}

{{/* Optional Prometheus Operator ServiceMonitor on /q/metrics. */}}
{{- define "radflow-common.servicemonitor" -}}
{{- $root := . -}}
{{- $sm := .Values.global.serviceMonitor -}}
{{- if $sm.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "radflow-common.fullname" $root }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "radflow-common.selectorLabels" $root | nindent 6 }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ default "30s" $sm.interval }}
      scrapeTimeout: {{ default "10s" $sm.scrapeTimeout }}
{{- end }}
{{- end -}}

{{/*
KEDA ScaledObject scaling a Deployment on the lag of a Kafka consumer group. Call with a dict:
root, target (Deployment name), keda (the values block), consumerGroup, topic.
*/}}
{{- define "radflow-common.scaledobject" -}}
{{- $root := .root -}}
{{- $k := .keda -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ .target }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .target }}
  minReplicaCount: {{ $k.minReplicas }}
  maxReplicaCount: {{ $k.maxReplicas }}
  pollingInterval: {{ $k.pollingInterval }}
  cooldownPeriod: {{ $k.cooldownPeriod }}
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: {{ $root.Values.global.kafka.bootstrapServers | quote }}
        consumerGroup: {{ .consumerGroup | quote }}
        topic: {{ .topic | quote }}
        lagThreshold: {{ $k.lagThreshold | toString | quote }}
        activationLagThreshold: {{ $k.activationLagThreshold | toString | quote }}
        # a group without committed offsets (first start) counts the whole topic as lag
        offsetResetPolicy: earliest
        # never more consumers than partitions: an idle consumer would only hold memory
        allowIdleConsumers: "false"
      {{- with $root.Values.global.kafka.kedaAuthenticationRef }}
      authenticationRef:
        name: {{ . }}
      {{- end }}
{{- end -}}

{{/*
An Ingress to the service's HTTP Service (port "http"). Call with a dict: root; ingress (the values
block: className, tlsSecretName, annotations); host (the host name); paths (list, pathType Prefix).
*/}}
{{- define "radflow-common.ingress" -}}
{{- $root := .root -}}
{{- $i := .ingress -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "radflow-common.fullname" $root }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
  {{- with $i.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $i.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if $i.tlsSecretName }}
  tls:
    - hosts: [{{ .host | quote }}]
      secretName: {{ $i.tlsSecretName }}
  {{- end }}
  rules:
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ . | quote }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "radflow-common.fullname" $root }}
                port:
                  name: http
          {{- end }}
{{- end -}}
