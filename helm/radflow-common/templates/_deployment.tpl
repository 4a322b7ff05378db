{{/*
A service Deployment. Call with a dict:
  root           the chart's context ($)
  name           object name (default: the fullname)
  component      app.kubernetes.io/component (default "server")
  v              the values of this Deployment (.Values, or .Values.gpu merged over .Values)
  replicas       replica count; omitted when a KEDA ScaledObject owns the scale (autoscaled: true)
  autoscaled     true when KEDA scales this Deployment
  imageSuffix    appended to the global tag (the GPU build: "-gpu")
  ports          list of dict(name, port)
  env            extra env entries (YAML list as a string)
  volumes        extra volumes (YAML list as a string)
  volumeMounts   extra volume mounts (YAML list as a string)
  secretEnv      extra secret env entries (YAML list as a string)
  properties     application.properties text of radflow-common.propertiesConfigmap: mounted at
                 /deployments/config (read only), its checksum rolls the pods
*/}}
{{- define "radflow-common.deployment" -}}
{{- $root := .root -}}
{{- $v := .v -}}
{{- $name := default (include "radflow-common.fullname" $root) .name -}}
{{- $component := default "server" .component -}}
{{- $g := $root.Values.global -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "radflow-common.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "radflow-common.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ $component }}
  template:
    metadata:
      labels:
        {{- include "radflow-common.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ $component }}
        app.kubernetes.io/part-of: radflow
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # a changed ConfigMap rolls the pods (Quarkus reads its configuration once, at start)
        checksum/config: {{ include "radflow-common.configData" $root | sha256sum }}
        {{- with .properties }}
        checksum/properties: {{ . | sha256sum }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with $g.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $v.runtimeClassName }}
      runtimeClassName: {{ . }}
      {{- end }}
      terminationGracePeriodSeconds: {{ default 30 $v.terminationGracePeriodSeconds }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 185
        runAsGroup: 185
        fsGroup: 185
        fsGroupChangePolicy: OnRootMismatch
        seccompProfile:
          type: RuntimeDefault
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $v.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $v.topologySpread.topologyKeys }}
        - maxSkew: {{ $v.topologySpread.maxSkew }}
          topologyKey: {{ . }}
          whenUnsatisfiable: {{ $v.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "radflow-common.selectorLabels" $root | nindent 14 }}
              app.kubernetes.io/component: {{ $component }}
        {{- end }}
      {{- end }}
      containers:
        - name: {{ $root.Chart.Name }}
          image: {{ include "radflow-common.image" (dict "root" $root "suffix" .imageSuffix) }}
          imagePullPolicy: {{ default "IfNotPresent" $g.image.pullPolicy }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "radflow-common.fullname" $root }}
          env:
            - name: JAVA_OPTS
              value: {{ default "" $v.jvm.options | quote }}
            {{- include "radflow-common.secretEnv" $root | nindent 12 }}
            {{- with .secretEnv }}
            {{- . | trim | nindent 12 }}
            {{- end }}
            {{- with .env }}
            {{- . | trim | nindent 12 }}
            {{- end }}
          {{- with $v.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: {{ $v.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: http
            periodSeconds: {{ $v.probes.periodSeconds }}
            timeoutSeconds: {{ $v.probes.timeoutSeconds }}
            failureThreshold: {{ $v.probes.livenessFailureThreshold }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: http
            periodSeconds: {{ $v.probes.periodSeconds }}
            timeoutSeconds: {{ $v.probes.timeoutSeconds }}
            failureThreshold: {{ $v.probes.readinessFailureThreshold }}
          {{- if $v.preStopSleepSeconds }}
          lifecycle:
            preStop:
              # lets the endpoints controller and kube-proxy drop the pod before SIGTERM reaches Quarkus
              exec:
                command: ["sleep", "{{ $v.preStopSleepSeconds }}"]
          {{- end }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            # the only writable path: java.io.tmpdir (Vert.x file cache, uploads, native libraries)
            - name: tmp
              mountPath: /tmp
            {{- if .properties }}
            # config/application.properties of the working directory (radflow-common.propertiesConfigmap)
            - name: properties
              mountPath: /deployments/config
              readOnly: true
            {{- end }}
            {{- with .volumeMounts }}
            {{- . | trim | nindent 12 }}
            {{- end }}
            {{- with include "radflow-common.kafkaVolumeMounts" $root | trim }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
        {{- if .properties }}
        - name: properties
          configMap:
            name: {{ include "radflow-common.fullname" $root }}-properties
        {{- end }}
        {{- with .volumes }}
        {{- . | trim | nindent 8 }}
        {{- end }}
        {{- with include "radflow-common.kafkaVolumes" $root | trim }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}
