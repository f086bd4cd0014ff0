import type * as Sdk from '../../generated/sdk.gen.js';
import type {
  GetAuthorizationServerMetadataData,
  GetAuthorizationServerMetadataResponses,
  GetAuthorizationServerMetadataErrors,
  OptionsAuthorizationServerMetadataData,
  OptionsAuthorizationServerMetadataResponses,
  GetJwksData,
  GetJwksResponses,
  GetJwksErrors,
  OptionsJwksData,
  OptionsJwksResponses,
  OptionsTokenData,
  OptionsTokenResponses,
  PostTokenData,
  PostTokenResponses,
  PostTokenErrors,
  OptionsRevokeData,
  OptionsRevokeResponses,
  PostRevokeData,
  PostRevokeResponses,
  PostRevokeErrors,
  PostIntrospectData,
  PostIntrospectResponses,
  PostIntrospectErrors,
  GetCurrentUserData,
  GetCurrentUserResponses,
  GetCurrentUserErrors,
  GetDataData,
  GetDataResponses,
  GetDataErrors,
  GetSensitiveDataData,
  GetSensitiveDataResponses,
  GetSensitiveDataErrors,
  GetOpenidConfigurationData,
  GetOpenidConfigurationResponses,
  GetOpenidConfigurationErrors,
  OptionsOpenidConfigurationData,
  OptionsOpenidConfigurationResponses,
  GetAuthorizeData,
  GetAuthorizeResponses,
  GetAuthorizeErrors,
  PostAuthorizeData,
  PostAuthorizeResponses,
  PostAuthorizeErrors,
  GetLoginData,
  GetLoginResponses,
  GetLoginErrors,
  PostLoginData,
  PostLoginResponses,
  PostLoginErrors,
  GetLoginSecondFactorData,
  GetLoginSecondFactorResponses,
  GetLoginSecondFactorErrors,
  PostLoginSecondFactorData,
  PostLoginSecondFactorResponses,
  PostLoginSecondFactorErrors,
  PostLoginPasskeyData,
  PostLoginPasskeyResponses,
  PostLoginPasskeyErrors,
  GetPasskeyScriptData,
  GetPasskeyScriptResponses,
  GetAccountPasskeyNewData,
  GetAccountPasskeyNewResponses,
  GetAccountPasskeyNewErrors,
  PostAccountPasskeysData,
  PostAccountPasskeysResponses,
  PostAccountPasskeysErrors,
  PostAccountPasskeyRenameData,
  PostAccountPasskeyRenameErrors,
  PostAccountPasskeyRemoveData,
  PostAccountPasskeyRemoveErrors,
  GetConsentData,
  GetConsentResponses,
  GetConsentErrors,
  PostConsentData,
  PostConsentResponses,
  PostConsentErrors,
  GetLogoutData,
  GetLogoutResponses,
  GetLogoutErrors,
  PostLogoutData,
  PostLogoutResponses,
  PostLogoutErrors,
  GetAccountData,
  GetAccountResponses,
  PostAccountRevokeData,
  PostAccountRevokeErrors,
  GetAccountTotpData,
  GetAccountTotpResponses,
  PostAccountTotpData,
  PostAccountTotpErrors,
  PostAccountTotpConfirmData,
  PostAccountTotpConfirmResponses,
  PostAccountTotpConfirmErrors,
  PostAccountTotpRemoveData,
  PostAccountTotpRemoveErrors,
  PostAccountRecoveryCodesData,
  PostAccountRecoveryCodesResponses,
  PostAccountRecoveryCodesErrors,
  ListAccountGrantsData,
  ListAccountGrantsResponses,
  ListAccountGrantsErrors,
  RevokeAccountGrantData,
  RevokeAccountGrantResponses,
  RevokeAccountGrantErrors,
  GetUserinfoData,
  GetUserinfoResponses,
  GetUserinfoErrors,
  OptionsUserinfoData,
  OptionsUserinfoResponses,
  PostUserinfoData,
  PostUserinfoResponses,
  PostUserinfoErrors,
  GetHealthData,
  GetHealthResponses,
  GetHomeData,
  GetHomeResponses,
  GetBrandLogoData,
  GetBrandLogoResponses,
  GetBrandLogoErrors,
  GetReadinessData,
  GetReadinessResponses,
  GetReadinessErrors,
  GetMetricsData,
  GetMetricsResponses,
  GetMetricsErrors,
  ListAdminClientsData,
  ListAdminClientsResponses,
  ListAdminClientsErrors,
  CreateAdminClientData,
  CreateAdminClientResponses,
  CreateAdminClientErrors,
  GetAdminClientData,
  GetAdminClientResponses,
  GetAdminClientErrors,
  UpdateAdminClientData,
  UpdateAdminClientResponses,
  UpdateAdminClientErrors,
  DeleteAdminClientData,
  DeleteAdminClientResponses,
  DeleteAdminClientErrors,
  RotateAdminClientSecretData,
  RotateAdminClientSecretResponses,
  RotateAdminClientSecretErrors,
  ListAdminUsersData,
  ListAdminUsersResponses,
  ListAdminUsersErrors,
  CreateAdminUserData,
  CreateAdminUserResponses,
  CreateAdminUserErrors,
  GetAdminUserData,
  GetAdminUserResponses,
  GetAdminUserErrors,
  DeleteAdminUserData,
  DeleteAdminUserResponses,
  DeleteAdminUserErrors,
  DisableAdminUserData,
  DisableAdminUserResponses,
  DisableAdminUserErrors,
  EnableAdminUserData,
  EnableAdminUserResponses,
  EnableAdminUserErrors,
  SetAdminUserPasswordData,
  SetAdminUserPasswordResponses,
  SetAdminUserPasswordErrors,
  ListAdminScopesData,
  ListAdminScopesResponses,
  ListAdminScopesErrors,
  CreateAdminScopeData,
  CreateAdminScopeResponses,
  CreateAdminScopeErrors,
  UpdateAdminScopeData,
  UpdateAdminScopeResponses,
  UpdateAdminScopeErrors,
  DeleteAdminScopeData,
  DeleteAdminScopeResponses,
  DeleteAdminScopeErrors,
  ListAdminAuditEventsData,
  ListAdminAuditEventsResponses,
  ListAdminAuditEventsErrors,
  ListAdminKeysData,
  ListAdminKeysResponses,
  ListAdminKeysErrors,
  RotateAdminKeysData,
  RotateAdminKeysResponses,
  RotateAdminKeysErrors,
} from '../../generated/types.gen.js';

/** Every operationId of openapi.yaml, as the generated SDK names its functions. */
export type OperationId = { [K in keyof typeof Sdk]: (typeof Sdk)[K] extends (...args: never[]) => unknown ? K : never }[keyof typeof Sdk];

type NoErrors = Record<never, never>;
type NoResponses = Record<never, never>;

/** The generated request and answer types of each operation (`XxxData`, `XxxResponses`, `XxxErrors`). */
export interface OperationTypes {
  getAuthorizationServerMetadata: { data: GetAuthorizationServerMetadataData; responses: GetAuthorizationServerMetadataResponses; errors: GetAuthorizationServerMetadataErrors };
  optionsAuthorizationServerMetadata: { data: OptionsAuthorizationServerMetadataData; responses: OptionsAuthorizationServerMetadataResponses; errors: NoErrors };
  getJwks: { data: GetJwksData; responses: GetJwksResponses; errors: GetJwksErrors };
  optionsJwks: { data: OptionsJwksData; responses: OptionsJwksResponses; errors: NoErrors };
  optionsToken: { data: OptionsTokenData; responses: OptionsTokenResponses; errors: NoErrors };
  postToken: { data: PostTokenData; responses: PostTokenResponses; errors: PostTokenErrors };
  optionsRevoke: { data: OptionsRevokeData; responses: OptionsRevokeResponses; errors: NoErrors };
  postRevoke: { data: PostRevokeData; responses: PostRevokeResponses; errors: PostRevokeErrors };
  postIntrospect: { data: PostIntrospectData; responses: PostIntrospectResponses; errors: PostIntrospectErrors };
  getCurrentUser: { data: GetCurrentUserData; responses: GetCurrentUserResponses; errors: GetCurrentUserErrors };
  getData: { data: GetDataData; responses: GetDataResponses; errors: GetDataErrors };
  getSensitiveData: { data: GetSensitiveDataData; responses: GetSensitiveDataResponses; errors: GetSensitiveDataErrors };
  getOpenidConfiguration: { data: GetOpenidConfigurationData; responses: GetOpenidConfigurationResponses; errors: GetOpenidConfigurationErrors };
  optionsOpenidConfiguration: { data: OptionsOpenidConfigurationData; responses: OptionsOpenidConfigurationResponses; errors: NoErrors };
  getAuthorize: { data: GetAuthorizeData; responses: GetAuthorizeResponses; errors: GetAuthorizeErrors };
  postAuthorize: { data: PostAuthorizeData; responses: PostAuthorizeResponses; errors: PostAuthorizeErrors };
  getLogin: { data: GetLoginData; responses: GetLoginResponses; errors: GetLoginErrors };
  postLogin: { data: PostLoginData; responses: PostLoginResponses; errors: PostLoginErrors };
  getLoginSecondFactor: { data: GetLoginSecondFactorData; responses: GetLoginSecondFactorResponses; errors: GetLoginSecondFactorErrors };
  postLoginSecondFactor: { data: PostLoginSecondFactorData; responses: PostLoginSecondFactorResponses; errors: PostLoginSecondFactorErrors };
  postLoginPasskey: { data: PostLoginPasskeyData; responses: PostLoginPasskeyResponses; errors: PostLoginPasskeyErrors };
  getPasskeyScript: { data: GetPasskeyScriptData; responses: GetPasskeyScriptResponses; errors: NoErrors };
  getConsent: { data: GetConsentData; responses: GetConsentResponses; errors: GetConsentErrors };
  postConsent: { data: PostConsentData; responses: PostConsentResponses; errors: PostConsentErrors };
  getLogout: { data: GetLogoutData; responses: GetLogoutResponses; errors: GetLogoutErrors };
  postLogout: { data: PostLogoutData; responses: PostLogoutResponses; errors: PostLogoutErrors };
  getAccount: { data: GetAccountData; responses: GetAccountResponses; errors: NoErrors };
  postAccountRevoke: { data: PostAccountRevokeData; responses: NoResponses; errors: PostAccountRevokeErrors };
  getAccountTotp: { data: GetAccountTotpData; responses: GetAccountTotpResponses; errors: NoErrors };
  postAccountTotp: { data: PostAccountTotpData; responses: NoResponses; errors: PostAccountTotpErrors };
  postAccountTotpConfirm: { data: PostAccountTotpConfirmData; responses: PostAccountTotpConfirmResponses; errors: PostAccountTotpConfirmErrors };
  postAccountTotpRemove: { data: PostAccountTotpRemoveData; responses: NoResponses; errors: PostAccountTotpRemoveErrors };
  postAccountRecoveryCodes: { data: PostAccountRecoveryCodesData; responses: PostAccountRecoveryCodesResponses; errors: PostAccountRecoveryCodesErrors };
  getAccountPasskeyNew: { data: GetAccountPasskeyNewData; responses: GetAccountPasskeyNewResponses; errors: GetAccountPasskeyNewErrors };
  postAccountPasskeys: { data: PostAccountPasskeysData; responses: PostAccountPasskeysResponses; errors: PostAccountPasskeysErrors };
  postAccountPasskeyRename: { data: PostAccountPasskeyRenameData; responses: NoResponses; errors: PostAccountPasskeyRenameErrors };
  postAccountPasskeyRemove: { data: PostAccountPasskeyRemoveData; responses: NoResponses; errors: PostAccountPasskeyRemoveErrors };
  listAccountGrants: { data: ListAccountGrantsData; responses: ListAccountGrantsResponses; errors: ListAccountGrantsErrors };
  revokeAccountGrant: { data: RevokeAccountGrantData; responses: RevokeAccountGrantResponses; errors: RevokeAccountGrantErrors };
  getUserinfo: { data: GetUserinfoData; responses: GetUserinfoResponses; errors: GetUserinfoErrors };
  optionsUserinfo: { data: OptionsUserinfoData; responses: OptionsUserinfoResponses; errors: NoErrors };
  postUserinfo: { data: PostUserinfoData; responses: PostUserinfoResponses; errors: PostUserinfoErrors };
  getHome: { data: GetHomeData; responses: GetHomeResponses; errors: NoErrors };
  getBrandLogo: { data: GetBrandLogoData; responses: GetBrandLogoResponses; errors: GetBrandLogoErrors };
  getHealth: { data: GetHealthData; responses: GetHealthResponses; errors: NoErrors };
  getReadiness: { data: GetReadinessData; responses: GetReadinessResponses; errors: GetReadinessErrors };
  getMetrics: { data: GetMetricsData; responses: GetMetricsResponses; errors: GetMetricsErrors };
  listAdminClients: { data: ListAdminClientsData; responses: ListAdminClientsResponses; errors: ListAdminClientsErrors };
  createAdminClient: { data: CreateAdminClientData; responses: CreateAdminClientResponses; errors: CreateAdminClientErrors };
  getAdminClient: { data: GetAdminClientData; responses: GetAdminClientResponses; errors: GetAdminClientErrors };
  updateAdminClient: { data: UpdateAdminClientData; responses: UpdateAdminClientResponses; errors: UpdateAdminClientErrors };
  deleteAdminClient: { data: DeleteAdminClientData; responses: DeleteAdminClientResponses; errors: DeleteAdminClientErrors };
  rotateAdminClientSecret: { data: RotateAdminClientSecretData; responses: RotateAdminClientSecretResponses; errors: RotateAdminClientSecretErrors };
  listAdminUsers: { data: ListAdminUsersData; responses: ListAdminUsersResponses; errors: ListAdminUsersErrors };
  createAdminUser: { data: CreateAdminUserData; responses: CreateAdminUserResponses; errors: CreateAdminUserErrors };
  getAdminUser: { data: GetAdminUserData; responses: GetAdminUserResponses; errors: GetAdminUserErrors };
  deleteAdminUser: { data: DeleteAdminUserData; responses: DeleteAdminUserResponses; errors: DeleteAdminUserErrors };
  disableAdminUser: { data: DisableAdminUserData; responses: DisableAdminUserResponses; errors: DisableAdminUserErrors };
  enableAdminUser: { data: EnableAdminUserData; responses: EnableAdminUserResponses; errors: EnableAdminUserErrors };
  setAdminUserPassword: { data: SetAdminUserPasswordData; responses: SetAdminUserPasswordResponses; errors: SetAdminUserPasswordErrors };
  listAdminScopes: { data: ListAdminScopesData; responses: ListAdminScopesResponses; errors: ListAdminScopesErrors };
  createAdminScope: { data: CreateAdminScopeData; responses: CreateAdminScopeResponses; errors: CreateAdminScopeErrors };
  updateAdminScope: { data: UpdateAdminScopeData; responses: UpdateAdminScopeResponses; errors: UpdateAdminScopeErrors };
  deleteAdminScope: { data: DeleteAdminScopeData; responses: DeleteAdminScopeResponses; errors: DeleteAdminScopeErrors };
  listAdminAuditEvents: { data: ListAdminAuditEventsData; responses: ListAdminAuditEventsResponses; errors: ListAdminAuditEventsErrors };
  listAdminKeys: { data: ListAdminKeysData; responses: ListAdminKeysResponses; errors: ListAdminKeysErrors };
  rotateAdminKeys: { data: RotateAdminKeysData; responses: RotateAdminKeysResponses; errors: RotateAdminKeysErrors };
}

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type Assert<T extends true> = T;

/**
 * Fails `tsc` when an operation is added to or removed from openapi.yaml without this list following.
 * @public
 */
export type OperationTypesMatchTheSpec = Assert<Exactly<keyof OperationTypes, OperationId>>;

/** The request body an operation's handler receives. */
export type BodyOf<K extends OperationId> = OperationTypes[K]['data']['body'];

/** The query parameters an operation's handler receives (`never` when it takes none). */
export type QueryOf<K extends OperationId> = OperationTypes[K]['data'] extends { query?: infer Q } ? Q : never;

/** Every body an operation may answer with, success or error, as openapi.yaml declares them. */
export type ResultOf<K extends OperationId> = OperationTypes[K]['responses'][keyof OperationTypes[K]['responses']] | OperationTypes[K]['errors'][keyof OperationTypes[K]['errors']];
