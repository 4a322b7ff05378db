/**
 * OHIF viewer configuration for Radflow (replaces the package's dist/app-config.js at build time).
 * The viewer is served by the labeling-service at /viewer/ and talks to its DICOMweb root
 * /dicomweb on the same origin: QIDO-RS, WADO-RS (frames as stored, metadata, bulk data) and
 * STOW-RS (forwarded to ingest, so SEG/SR saved from the viewer are archived and indexed).
 * The login part (window.config.oidc: Keycloak authority = the service's radflow.oidc.issuer, client
 * radflow-viewer) is appended by the labeling service when it serves this file (ViewerAppConfig).
 */
(function () {
  var root = window.location.origin + '/dicomweb';
  window.config = {
    name: 'radflow',
    routerBasename: '/viewer',
    extensions: [],
    modes: [],
    customizationService: {},
    showStudyList: true,
    maxNumberOfWebWorkers: 3,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: true,
    showLoadingIndicator: true,
    experimentalStudyBrowserSort: false,
    strictZSpacingForVolumeViewport: true,
    groupEnabledModesFirst: true,
    investigationalUseDialog: { option: 'never' },
    maxNumRequests: { interaction: 100, thumbnail: 10, prefetch: 25 },
    showErrorDetails: 'always',
    defaultDataSourceName: 'radflow',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'radflow',
        configuration: {
          friendlyName: 'Radflow',
          name: 'radflow',
          wadoUriRoot: root,
          qidoRoot: root,
          wadoRoot: root,
          qidoSupportsIncludeField: true,
          supportsReject: false,
          imageRendering: 'wadors',
          // thumbnails rendered by the server (…/thumbnail, JPEG), fetched with the user's token: the
          // browser does not decode and draw a frame per series while it renders the first image
          thumbnailRendering: 'thumbnail',
          thumbnailRequestStrategy: 'fetch',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: true,
          supportsWildcard: true,
          staticWado: false,
          singlepart: 'bulkdata,video',
          bulkDataURI: { enabled: true },
          omitQuotationForMultipartRequest: true,
          dicomUploadEnabled: true,
        },
      },
    ],
  };
})();
